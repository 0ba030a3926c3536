import { z } from "zod";
import { MAX_IMAGES } from "./limits";
import { LineProfileSchema, LineSamplesSchema, TraceSchema } from "./trace";

/** How a run ended, from the user's point of view. */
export const VERDICTS = [
  "ok",
  "runtime_error",
  "time_limit",
  "memory_limit",
  "output_limit",
  "blocked",
  "internal_error",
] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const UsageSchema = z.object({
  wallMs: z.number().nonnegative(),
  cpuMs: z.number().nonnegative(),
  peakMemoryKb: z.number().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const PythonErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  line: z.number().int().nullable(),
});

export const TestOutcomeSchema = z.object({
  stdin: z.string(),
  expected: z.string(),
  actual: z.string(),
  passed: z.boolean(),
  /** How its run ended; absent for a case that was not run (an earlier case failed, or the budget was used). */
  verdict: VerdictSchema.optional(),
  /**
   * The job's time budget (JOB_WALL_BUDGET_MS: all its runs together) ran out: while this case ran
   * (verdict `time_limit`) or before it started (no verdict).
   */
  outOfBudget: z.literal(true).optional(),
});
export type TestOutcome = z.infer<typeof TestOutcomeSchema>;

/** A figure the job produced (matplotlib), as PNG; caps in limits.ts (MAX_IMAGES...). */
export const ResultImageSchema = z.object({
  name: z.string(),
  mime: z.literal("image/png"),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  base64: z.string(),
});
export type ResultImage = z.infer<typeof ResultImageSchema>;

export const ResultSchema = z.object({
  verdict: VerdictSchema,
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  /** images: figures were dropped at a cap (count, size, or what the job's item can hold). */
  truncated: z.object({ stdout: z.boolean(), stderr: z.boolean(), images: z.boolean().optional() }),
  error: PythonErrorSchema.nullable(),
  usage: UsageSchema,
  /** Human explanation for non-ok verdicts raised by the platform (e.g. "blocked: network access is not allowed"). */
  message: z.string().optional(),
  tests: z.array(TestOutcomeSchema).optional(),
  /** Figures (matplotlib) the job showed or left open, in order. Absent when there were none. */
  images: z.array(ResultImageSchema).max(MAX_IMAGES).optional(),
  /** In a listing only: how many figures the result has that the listing left out (fetch the job for them). */
  omittedImages: z.number().int().min(1).max(MAX_IMAGES).optional(),
  /** Per-line heat map of the user's code (hits and time), lines in order. Absent when not collected. */
  profile: LineProfileSchema.optional(),
  /** Sampled heat map of an ordinary run without `profile` (CPU time per line). Absent with no samples. */
  lineSamples: LineSamplesSchema.optional(),
  /**
   * Trace mode only, and only between the sandbox and the worker: the worker stores it as an object
   * (S3) and strips it from the job it saves.
   */
  trace: TraceSchema.optional(),
});
export type Result = z.infer<typeof ResultSchema>;

/** A Result for faults the user's code did not cause (or a cancellation), with a human message. */
export function platformResult(verdict: Verdict, message: string, wallMs = 0): Result {
  return {
    verdict,
    exitCode: null,
    signal: null,
    stdout: "",
    stderr: "",
    truncated: { stdout: false, stderr: false },
    error: null,
    usage: { wallMs, cpuMs: 0, peakMemoryKb: 0 },
    message,
  };
}
