import { z } from "zod";
import { LimitsSchema, LiveOutputSchema, ResultSchema, TestCaseSchema } from "../execution";

export const JOB_STATES = ["queued", "running", "finished", "cancelled", "failed"] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

/** A job as the API returns it and the WebSocket pushes it. */
export const JobSchema = z.object({
  jobId: z.string(),
  userId: z.string(),
  code: z.string(),
  stdin: z.string(),
  limits: LimitsSchema,
  tests: z.array(TestCaseSchema).optional(),
  state: JobStateSchema,
  attempt: z.number().int().nonnegative(),
  result: ResultSchema.optional(),
  /** While running: what it printed so far (see LiveOutputSchema). Gone once the job has a result. */
  output: LiveOutputSchema.optional(),
  /** Why the platform gave up (state failed) or who cancelled. */
  reason: z.string().optional(),
  createdAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  expiresAt: z.number(),
});
export type Job = z.infer<typeof JobSchema>;

export const JOB_TTL_SECONDS = 7 * 24 * 3600;
