import { z } from "zod";
import { AppError, type ErrorCode } from "../errors";
import {
  LimitsSchema,
  MAX_CODE_BYTES,
  MAX_STDIN_BYTES,
  MAX_TESTS,
  OutputChunkSchema,
  RunModeSchema,
  TestCaseSchema,
} from "../execution";
import { JobSchema } from "../job/model";

/** The one place every HTTP body and WebSocket frame is validated. */

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

export const MAX_REQUEST_BODY_BYTES = 256 * 1024;
/** The largest message a client may send us (a ping is a few bytes); larger ones get a PAYLOAD_TOO_LARGE error frame. */
export const MAX_CLIENT_MESSAGE_BYTES = 32 * 1024;

/**
 * API Gateway's WebSocket quotas ("Quotas for configuring and running a WebSocket API", none can be
 * raised). A frame over 32 KB or a message over 128 KB from a client closes its connection with 1009;
 * a PostToConnection over 128 KB is refused (413 PayloadTooLargeException) and never arrives; a
 * connection with no message either way for 10 minutes, or open for 2 hours, is closed. AWS writes
 * "KB": we read it as 1000 bytes, the stricter reading, so what fits locally fits there too.
 */
export const WS_QUOTAS = {
  frameBytes: 32_000,
  messageBytes: 128_000,
  idleMs: 10 * 60_000,
  connectionMs: 2 * 3600_000,
} as const;

/** The user's program, as both /execute and /analyze take it. */
export const CodeSchema = z
  .string({ error: "code must be a string" })
  .min(1, { error: "code must not be empty" })
  .refine((s) => utf8Bytes(s) <= MAX_CODE_BYTES, {
    error: `code must be at most ${MAX_CODE_BYTES / 1024} KiB`,
    params: { errorCode: "CODE_TOO_LARGE" },
  });

export const ExecuteRequestSchema = z
  .strictObject({
    code: CodeSchema,
    stdin: z
      .string({ error: "stdin must be a string" })
      .refine((s) => utf8Bytes(s) <= MAX_STDIN_BYTES, {
        error: `stdin must be at most ${MAX_STDIN_BYTES / 1024} KiB`,
        params: { errorCode: "STDIN_TOO_LARGE" },
      })
      .default(""),
    limits: LimitsSchema.partial().default({}).pipe(LimitsSchema),
    tests: z
      .array(TestCaseSchema)
      .max(MAX_TESTS, { error: `at most ${MAX_TESTS} tests` })
      .optional(),
    /** "run" (default) or "trace": the run is recorded step by step (GET /jobs/:id/trace). */
    mode: RunModeSchema.default("run"),
    /**
     * Collect the per-line heat map (result.profile) of a "run" run. Opt-in: the line hook costs many
     * times a loop-heavy program's own time on Python 3.11 (bench/tracer.ts). A trace run has one anyway.
     */
    profile: z.boolean({ error: "profile must be true or false" }).optional(),
  })
  .superRefine((request, ctx) => {
    if (request.mode === "trace" && request.tests !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["mode"],
        message:
          'a trace run takes stdin, not test cases: send mode "trace" without tests, or tests without mode "trace"',
      });
    }
  });
export type ExecuteRequest = z.input<typeof ExecuteRequestSchema>;
export type ValidExecuteRequest = z.output<typeof ExecuteRequestSchema>;

/** POST /analyze body: the same code limit as /execute. */
export const AnalyzeRequestSchema = z.strictObject({ code: CodeSchema });
export type AnalyzeRequest = z.input<typeof AnalyzeRequestSchema>;

export const JobResponseSchema = z.object({ job: JobSchema });
export const JobListResponseSchema = z.object({ jobs: z.array(JobSchema), cursor: z.string().nullable() });
export type JobList = z.infer<typeof JobListResponseSchema>;

/** The longest history search, in characters. */
export const JOB_SEARCH_MAX = 200;

/**
 * GET /jobs query: a page of `limit` jobs from `cursor`; with `q`, only the jobs whose title or code
 * contains it (ignoring case), searched through the user's whole history (a blank `q` is no search).
 */
export const ListJobsQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: z
    .string()
    .max(JOB_SEARCH_MAX, { error: `q must be at most ${JOB_SEARCH_MAX} characters` })
    .transform((q) => q.trim())
    .optional()
    .transform((q) => (q ? q : undefined)),
});

export const JobIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: "job id must be a ULID" });

/** A run's title: one line, 1–100 characters once trimmed. */
export const JOB_TITLE_MAX = 100;

/**
 * PATCH /jobs/:id body: `{title}` renames the run (trimmed, 1–100 characters, one line); `null`
 * or an empty (or blank) string clears the title.
 */
export const RenameJobRequestSchema = z.strictObject({
  title: z
    .string({ error: "title must be a string or null" })
    .trim()
    .max(JOB_TITLE_MAX, { error: `title must be at most ${JOB_TITLE_MAX} characters` })
    .regex(/^[^\p{Cc}]*$/u, { error: "title must be one line of text (no control characters)" })
    .nullable()
    .transform((title) => (title ? title : null)),
});
export type RenameJobRequest = z.input<typeof RenameJobRequestSchema>;

/** A share link's token: 32 random bytes (256 bits), base64url without padding (43 characters). */
export const SHARE_TOKEN_BYTES = 32;
export const ShareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: "not a share token" });

/** POST /jobs/:id/share answer: the token and the link of the read-only page (`/s/<token>`). */
export const ShareResponseSchema = z.object({ token: ShareTokenSchema, url: z.string() });
export type ShareResponse = z.infer<typeof ShareResponseSchema>;

/**
 * GET /shared/:token answer: what a shared run shows to anyone signed in with its link. Never the
 * owner's id; `jobId` only when the caller is the owner (to revoke the link).
 */
export const SharedRunSchema = z.object({
  token: ShareTokenSchema,
  /** The caller owns the run (may revoke the link). */
  owned: z.boolean(),
  jobId: z.string().optional(),
  title: z.string().optional(),
  code: z.string(),
  stdin: z.string(),
  tests: z.array(TestCaseSchema).optional(),
  limits: LimitsSchema,
  mode: RunModeSchema.optional(),
  state: JobSchema.shape.state,
  result: JobSchema.shape.result,
  reason: z.string().optional(),
  createdAt: z.number(),
  finishedAt: z.number().optional(),
});
export type SharedRun = z.infer<typeof SharedRunSchema>;
export const SharedRunResponseSchema = z.object({ run: SharedRunSchema });

/** Client → server WebSocket frames. */
export const ClientFrameSchema = z.discriminatedUnion("action", [z.strictObject({ action: z.literal("ping") })]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/**
 * Output of a running job, pushed as it is printed: `seq` counts the job's frames from 0, across
 * both streams, without gaps (a new attempt starts again at 0). The final job frame stays
 * authoritative: its result holds the whole output.
 */
export const OutputFrameSchema = OutputChunkSchema.extend({
  type: z.literal("output"),
  jobId: z.string(),
  seq: z.number().int().nonnegative(),
});
export type OutputFrame = z.infer<typeof OutputFrameSchema>;

/**
 * A job as a push carries it. A push must fit one WebSocket message (WS_QUOTAS.messageBytes), and a
 * whole job may not (code and stdin up to 64 KiB each, outputs, figures): then the
 * push is slim, `partial: true`, with code, stdin, tests and the result's stdout, stderr, figures
 * (counted in `omittedImages`, as a listing does) and test outcomes left out. Its state, verdict,
 * exit, usage and times are whole. GET /jobs/:id has the rest. A job whose item keeps a compact result
 * (`resultObject`: the whole one is stored as an object) is pushed `partial: true` as well.
 */
export const PushedJobSchema = JobSchema.extend({ partial: z.literal(true).optional() });
export type PushedJob = z.infer<typeof PushedJobSchema>;

/** Server → client WebSocket frames. */
export const ServerFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("job"), job: PushedJobSchema }),
  OutputFrameSchema,
  z.object({ type: z.literal("pong") }),
  z.object({ type: z.literal("error"), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** The message on the job queue: just enough to find the job. */
export const QueueMessageSchema = z.object({ jobId: JobIdSchema, userId: z.string().min(1) });
export type QueueMessage = z.infer<typeof QueueMessageSchema>;

/** A UTF-16 half without its other half: JSON can carry it (`"\\ud800"`), UTF-8 cannot encode it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where in a parsed JSON value the first string (or key) is not Unicode text, as a field path; undefined
 * when it all is. Every input passes through this, whatever its schema, because everything a user sends
 * is stored, handed to Python and sent back as UTF-8: a lone surrogate would fail there, far from the
 * request, instead of here.
 */
export function firstUnencodable(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnencodable(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return path;
      const found = firstUnencodable(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Validate input against a schema; failures become one AppError naming the first bad field.
 * A refinement can choose its own error code through `params.errorCode` (e.g. CODE_TOO_LARGE).
 * Text that is not Unicode (a lone surrogate) is refused first, as UNENCODABLE_TEXT, in any field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const unencodable = firstUnencodable(input);
  if (unencodable) {
    const field = unencodable.join(".");
    const where = field || "the input";
    throw new AppError(
      "UNENCODABLE_TEXT",
      `${where}: contains a lone UTF-16 surrogate (such as \\ud800), which is not Unicode text; remove it or pair it`,
      field ? { field } : {},
    );
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || undefined;
  const params = issue && "params" in issue ? (issue.params as { errorCode?: ErrorCode } | undefined) : undefined;
  const code: ErrorCode = params?.errorCode ?? "VALIDATION_FAILED";
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "invalid input";
  throw new AppError(code, message, field ? { field } : {});
}
export type { WebRuntimeConfig } from "./runtime-config";
