import { z } from "zod";
import { AppError, type ErrorCode } from "../errors";
import { LimitsSchema, MAX_CODE_BYTES, MAX_STDIN_BYTES, MAX_TESTS, TestCaseSchema } from "../execution";
import { JobSchema } from "../job/model";

/** The one place every HTTP body and WebSocket frame is validated. */

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

export const MAX_REQUEST_BODY_BYTES = 256 * 1024;
export const MAX_WS_FRAME_BYTES = 32 * 1024;

/** The user's program, as both /execute and /analyze take it. */
export const CodeSchema = z
  .string({ error: "code must be a string" })
  .min(1, { error: "code must not be empty" })
  .refine((s) => utf8Bytes(s) <= MAX_CODE_BYTES, {
    error: `code must be at most ${MAX_CODE_BYTES / 1024} KiB`,
    params: { errorCode: "CODE_TOO_LARGE" },
  });

export const ExecuteRequestSchema = z.strictObject({
  code: CodeSchema,
  stdin: z
    .string({ error: "stdin must be a string" })
    .refine((s) => utf8Bytes(s) <= MAX_STDIN_BYTES, {
      error: `stdin must be at most ${MAX_STDIN_BYTES / 1024} KiB`,
      params: { errorCode: "STDIN_TOO_LARGE" },
    })
    .default(""),
  limits: LimitsSchema.partial().default({}).pipe(LimitsSchema),
  tests: z.array(TestCaseSchema).max(MAX_TESTS, { error: `at most ${MAX_TESTS} tests` }).optional(),
});
export type ExecuteRequest = z.input<typeof ExecuteRequestSchema>;
export type ValidExecuteRequest = z.output<typeof ExecuteRequestSchema>;

/** POST /analyze body: the same code limit as /execute. */
export const AnalyzeRequestSchema = z.strictObject({ code: CodeSchema });
export type AnalyzeRequest = z.input<typeof AnalyzeRequestSchema>;

export const JobResponseSchema = z.object({ job: JobSchema });
export const JobListResponseSchema = z.object({ jobs: z.array(JobSchema), cursor: z.string().nullable() });
export type JobList = z.infer<typeof JobListResponseSchema>;

export const ListJobsQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const JobIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: "job id must be a ULID" });

/** Client → server WebSocket frames. */
export const ClientFrameSchema = z.discriminatedUnion("action", [z.strictObject({ action: z.literal("ping") })]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/** Server → client WebSocket frames. */
export const ServerFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("job"), job: JobSchema }),
  z.object({ type: z.literal("pong") }),
  z.object({ type: z.literal("error"), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** The message on the job queue: just enough to find the job. */
export const QueueMessageSchema = z.object({ jobId: JobIdSchema, userId: z.string().min(1) });
export type QueueMessage = z.infer<typeof QueueMessageSchema>;

/**
 * Validate input against a schema; failures become one AppError naming the first bad field.
 * A refinement can choose its own error code through `params.errorCode` (e.g. CODE_TOO_LARGE).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || undefined;
  const params = issue && "params" in issue ? (issue.params as { errorCode?: ErrorCode } | undefined) : undefined;
  const code: ErrorCode = params?.errorCode ?? "VALIDATION_FAILED";
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "invalid input";
  throw new AppError(code, message, field ? { field } : {});
}
