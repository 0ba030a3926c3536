import { z } from "zod";
import { LimitsSchema } from "./limits";
import { RunModeSchema, type RunMode } from "./trace";

export const TestCaseSchema = z.strictObject({
  stdin: z.string().default(""),
  expected: z.string(),
});
export type TestCase = z.infer<typeof TestCaseSchema>;

/** What a Sandbox receives: the same JSON in the Lambda payload and on the local runner's stdio. */
export const SandboxRequestSchema = z.object({
  jobId: z.string().min(1),
  code: z.string(),
  stdin: z.string().default(""),
  limits: LimitsSchema,
  tests: z.array(TestCaseSchema).optional(),
  /** "trace": the runner records a step-by-step trace (Result.trace) beside the ordinary result. */
  mode: RunModeSchema.default("run"),
});
/** `mode` may be left out by a caller (the schema defaults it to "run"; drivers read `mode ?? "run"`). */
export type SandboxRequest = Omit<z.infer<typeof SandboxRequestSchema>, "mode"> & { mode?: RunMode };
