import { z } from "zod";
import { LimitsSchema, LiveOutputSchema, ResultSchema, RunModeSchema, TestCaseSchema } from "../execution";

export const JOB_STATES = ["queued", "running", "finished", "cancelled", "failed"] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

/** Where a job's trace is: an object of the bucket, owner-only, removed with the job. */
export const TracePointerSchema = z.object({
  key: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  steps: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type TracePointer = z.infer<typeof TracePointerSchema>;

/** The object key of a job's trace: under its owner, so a key never names another user's job. */
export const traceKeyOf = (job: { userId: string; jobId: string }) => `traces/${job.userId}/${job.jobId}.json`;

/**
 * Where a job's whole result is when it is too large for the table item (long outputs, figures): an
 * object of the same bucket as traces, owner-only, removed with the job. The item keeps a compact
 * result (compactResult); GET /jobs/:id returns the whole one.
 */
export const ResultPointerSchema = z.object({
  key: z.string().min(1),
  bytes: z.number().int().nonnegative(),
});
export type ResultPointer = z.infer<typeof ResultPointerSchema>;

/** The object key of a job's whole result: under its owner, as a trace's (traceKeyOf). */
export const resultKeyOf = (job: { userId: string; jobId: string }) => `results/${job.userId}/${job.jobId}.json`;

/**
 * Every stored object a job points at (its trace, its whole result), so deleting a job removes them with it.
 */
export const objectKeysOf = (job: {
  trace?: { key: string } | undefined;
  resultObject?: { key: string } | undefined;
}): string[] => [job.trace?.key, job.resultObject?.key].filter((key): key is string => key !== undefined);

/** A job as the API returns it and the WebSocket pushes it. */
export const JobSchema = z.object({
  jobId: z.string(),
  userId: z.string(),
  code: z.string(),
  stdin: z.string(),
  limits: LimitsSchema,
  tests: z.array(TestCaseSchema).optional(),
  /** "run" or "trace". Every job the API returns has it; optional only for jobs built before modes existed. */
  mode: RunModeSchema.optional(),
  /** The run asked for its per-line heat map (result.profile). */
  profile: z.boolean().optional(),
  state: JobStateSchema,
  attempt: z.number().int().nonnegative(),
  result: ResultSchema.optional(),
  /** While running: what it printed so far (see LiveOutputSchema). Gone once the job has a result. */
  output: LiveOutputSchema.optional(),
  /**
   * Present when the job's trace is stored (a finished trace run): GET /jobs/:id/trace returns it.
   * `key` is the object's key in the bucket; `steps` and `truncated` repeat the trace's own, so a
   * client can say what it will get before fetching it; `bytes` is the object's size.
   */
  trace: TracePointerSchema.optional(),
  /** The owner's name for the run (PATCH /jobs/:id); absent when none was given. */
  title: z.string().optional(),
  /** The run's share link token while it is shared (POST /jobs/:id/share); owner-only, like the rest. */
  shareToken: z.string().optional(),
  /**
   * Present when the whole result was too large for the table item and is stored as an object: the
   * item (and so a listing, GET /jobs) has a compact result (each stream's first lines, no figures,
   * test outputs cut); GET /jobs/:id returns the whole result, read from the object.
   */
  resultObject: ResultPointerSchema.optional(),
  /** Why the platform gave up (state failed) or who cancelled. */
  reason: z.string().optional(),
  createdAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  expiresAt: z.number(),
});
export type Job = z.infer<typeof JobSchema>;

export const JOB_TTL_SECONDS = 7 * 24 * 3600;
/** The TTL in whole days, rounded up: the bucket's lifecycle rule removes a job's objects after this many. */
export const JOB_TTL_DAYS = Math.ceil(JOB_TTL_SECONDS / 86_400);
