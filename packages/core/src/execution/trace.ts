import { z } from "zod";

/**
 * A trace run (POST /execute {mode: "trace"}) and the per-line profile of every run: one schema for
 * the runner's output, the stored object, GET /jobs/:id/trace and the web's step view.
 *
 * Values are rendered by the tracer without calling any user code (no repr, __eq__, __hash__ or
 * property of a user object runs): primitives inline, containers and objects as heap entries
 * referenced by id, so two names bound to one list point at one id (aliasing stays visible, as in
 * Python Tutor). Long values are cut and say how much was left out.
 */

/** Steps recorded at most; the program runs on to its end under its normal limits. */
export const MAX_TRACE_STEPS = 1000;
/** Serialised trace size at most (UTF-8 bytes of its JSON). */
export const MAX_TRACE_BYTES = 2 * 1024 * 1024;
/** Items of one container rendered; the rest counted in `omitted`. */
export const MAX_TRACE_ITEMS = 50;
/** Characters of one string rendered; the rest counted in `omitted`. */
export const MAX_TRACE_STRING = 200;

export const TRACE_EVENTS = ["line", "call", "return", "exception"] as const;

/** A value in a frame's locals, a container's items or an object's attributes. */
export const TraceValueSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("none") }),
  z.object({ t: z.literal("bool"), v: z.boolean() }),
  /** int and float as text: Python ints are unbounded, floats include inf and nan. */
  z.object({ t: z.literal("int"), v: z.string() }),
  z.object({ t: z.literal("float"), v: z.string() }),
  z.object({ t: z.literal("str"), v: z.string(), omitted: z.number().int().positive().optional() }),
  /** A heap entry of this step, by id (stable across the steps of one trace while the object lives). */
  z.object({ t: z.literal("ref"), id: z.string() }),
]);
export type TraceValue = z.infer<typeof TraceValueSchema>;

/** What a ref points at. `omitted`: items (or attributes) beyond MAX_TRACE_ITEMS, not rendered. */
export const TraceHeapObjectSchema = z.discriminatedUnion("t", [
  z.object({
    t: z.enum(["list", "tuple", "set", "frozenset", "deque"]),
    items: z.array(TraceValueSchema),
    omitted: z.number().int().positive().optional(),
  }),
  z.object({
    t: z.literal("dict"),
    entries: z.array(z.tuple([TraceValueSchema, TraceValueSchema])),
    omitted: z.number().int().positive().optional(),
  }),
  /** An instance of a user class (its __dict__ read directly) or of a class the tracer does not open. */
  z.object({
    t: z.literal("object"),
    type: z.string(),
    attrs: z.array(z.tuple([z.string(), TraceValueSchema])),
    omitted: z.number().int().positive().optional(),
  }),
  z.object({ t: z.enum(["function", "class", "module"]), name: z.string() }),
  /** Anything else (a generator, a file, a numpy array...): its type's name only. */
  z.object({ t: z.literal("other"), type: z.string() }),
]);
export type TraceHeapObject = z.infer<typeof TraceHeapObjectSchema>;

export const TraceFrameSchema = z.object({
  /** The function's name, "<module>" for the program's top level. */
  name: z.string(),
  line: z.number().int().positive(),
  /** In definition order; the program's own names only at top level (no builtins, no dunders). */
  locals: z.array(z.tuple([z.string(), TraceValueSchema])),
});
export type TraceFrame = z.infer<typeof TraceFrameSchema>;

export const TraceStepSchema = z.object({
  event: z.enum(TRACE_EVENTS),
  /** Line in the user's code, counted from 1. */
  line: z.number().int().positive(),
  /** Outermost first: stack[stack.length - 1] is the frame this step is in. */
  stack: z.array(TraceFrameSchema),
  heap: z.record(z.string(), TraceHeapObjectSchema),
  /**
   * Length of stdout written before this step, in JavaScript string units (UTF-16 code units) of
   * result.stdout: the output pane shows result.stdout.slice(0, stdoutLength).
   */
  stdoutLength: z.number().int().nonnegative(),
  /** return: the value returned. */
  returned: TraceValueSchema.optional(),
  /** exception: what was raised (type name and message, read without calling user code). */
  exception: z.object({ type: z.string(), message: z.string() }).optional(),
});
export type TraceStep = z.infer<typeof TraceStepSchema>;

export const TraceSchema = z.object({
  steps: z.array(TraceStepSchema).max(MAX_TRACE_STEPS),
  /** Recording stopped early (step or byte cap): `stoppedAt` says at which line event count. */
  truncated: z.boolean(),
  stoppedAt: z.number().int().nonnegative().optional(),
  /** Every line event of the whole run, recorded or not: line (as text) -> hits. */
  lineCounts: z.record(z.string(), z.number().int().positive()),
});
export type Trace = z.infer<typeof TraceSchema>;

/** Per-line heat map of an ordinary run: hits and time spent on each line of the user's code. */
export const LineProfileSchema = z.array(
  z.object({
    line: z.number().int().positive(),
    hits: z.number().int().positive(),
    /** Time attributed to the line (from this line event to the next), in milliseconds. */
    ms: z.number().nonnegative(),
  }),
);
export type LineProfile = z.infer<typeof LineProfileSchema>;

/**
 * The heat map every ordinary run gets: the job's CPU time sampled (a timer on its own CPU clock),
 * each sample charged to the user's line running then. `samples` is not a hit count: a line that
 * runs often but fast may have none. Lines in order.
 */
export const LineSamplesSchema = z.array(
  z.object({
    line: z.number().int().positive(),
    samples: z.number().int().positive(),
    /** CPU time charged to the line by its samples, in milliseconds. */
    ms: z.number().nonnegative(),
  }),
);
export type LineSamples = z.infer<typeof LineSamplesSchema>;

export const RUN_MODES = ["run", "trace"] as const;
export const RunModeSchema = z.enum(RUN_MODES);
export type RunMode = z.infer<typeof RunModeSchema>;
