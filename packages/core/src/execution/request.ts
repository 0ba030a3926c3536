import { z } from "zod";
import { LimitsSchema } from "./limits";

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
});
export type SandboxRequest = z.infer<typeof SandboxRequestSchema>;
