import { JobIdSchema, ListJobsQuerySchema, parseInput } from "../contract";
import { AppError } from "../errors";
import { ResultSchema } from "../execution";
import type { ObjectStore, StoredObject } from "../ports";
import type { Job } from "./model";
import type { JobPage, JobStore } from "./store";

/** Another user's job is reported exactly like a missing one: 404, never data. */
export async function getJob(deps: { jobs: JobStore }, userId: string, jobId: string): Promise<Job> {
  const id = JobIdSchema.safeParse(jobId);
  const job = id.success ? await deps.jobs.get(id.data) : undefined;
  if (!job || job.userId !== userId) throw new AppError("JOB_NOT_FOUND", "No such job.");
  return job;
}

/**
 * The caller's own job with its whole result: when the result was too large for the table item, the
 * item's compact one is replaced by the stored object (GET /jobs/:id). Should the object be gone or
 * unreadable, the compact result is what there is.
 */
export async function getWholeJob(
  deps: { jobs: JobStore; objects?: ObjectStore },
  userId: string,
  jobId: string,
): Promise<Job> {
  const job = await getJob(deps, userId, jobId);
  if (!job.resultObject || !deps.objects) return job;
  const stored = await deps.objects.get(job.resultObject.key).catch(() => undefined);
  if (!stored) return job;
  let whole: unknown;
  try {
    whole = JSON.parse(await new Response(stored.body).text());
  } catch {
    return job;
  }
  const parsed = ResultSchema.safeParse(whole);
  return parsed.success ? { ...job, result: parsed.data } : job;
}

/**
 * The trace of the caller's own job, as stored: another user's job is JOB_NOT_FOUND (as GET /jobs/:id),
 * a job of theirs without a trace (not a trace run, not finished yet, its trace not kept, or the object
 * gone) NOT_FOUND, its message saying which.
 */
export async function getTrace(
  deps: { jobs: JobStore; objects: ObjectStore },
  userId: string,
  jobId: string,
): Promise<StoredObject> {
  const job = await getJob(deps, userId, jobId);
  const stored = job.trace ? await deps.objects.get(job.trace.key) : undefined;
  if (!stored) throw new AppError("NOT_FOUND", traceAbsence(job));
  return stored;
}

function traceAbsence(job: Job): string {
  if (job.mode !== "trace") return 'This job was not a trace run: run it again with mode "trace".';
  if (job.state === "queued" || job.state === "running")
    return "The job has not finished yet: its trace is stored when it ends.";
  if (!job.trace) return "This job has no stored trace (it did not finish, or its trace could not be kept).";
  return "This job's trace is no longer stored.";
}

/** A page of the user's jobs, newest first, each as listed (see asListed); with `q`, only the matching ones. */
export async function listJobs(deps: { jobs: JobStore }, userId: string, query: unknown): Promise<JobPage> {
  const { cursor, limit, q } = parseInput(ListJobsQuerySchema, query);
  const page = q
    ? await deps.jobs.searchByUser(userId, q, { limit, ...(cursor ? { cursor } : {}) })
    : await deps.jobs.listByUser(userId, { limit, ...(cursor ? { cursor } : {}) });
  return { ...page, jobs: page.jobs.map(asListed) };
}

/**
 * A job as a listing shows it: figures (up to ~128 KB of base64 each result) are left out and
 * counted in `result.omittedImages`, and so is a running job's output so far, so a page of history
 * stays small; GET /jobs/:id has them.
 */
export function asListed(job: Job): Job {
  const { output: _live, ...listed } = job; // a running job's output so far: GET /jobs/:id has it
  if (!listed.result?.images?.length) return listed;
  const { images, ...rest } = listed.result;
  return { ...listed, result: { ...rest, omittedImages: images.length } };
}
