import { JobIdSchema, parseInput, RenameJobRequestSchema } from "../contract";
import { AppError } from "../errors";
import type { ObjectStore } from "../ports";
import { objectKeysOf, type Job } from "./model";
import type { ShareStore } from "./share-store";
import { isFinal } from "./state";
import type { JobStore } from "./store";

/** History management: the owner renames a run or deletes it (with everything stored for it). */

export interface ManageDeps {
  jobs: Pick<JobStore, "get" | "setTitle" | "removeFinal">;
  shares: Pick<ShareStore, "remove">;
  objects: Pick<ObjectStore, "delete">;
  /** Told of what went wrong on the side (an object that could not be removed); the delete still counts. */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

/** The caller's own job; another user's is reported exactly like a missing one (JOB_NOT_FOUND, 404). */
export async function ownJob(deps: { jobs: Pick<JobStore, "get"> }, userId: string, jobId: string): Promise<Job> {
  const id = JobIdSchema.safeParse(jobId);
  const job = id.success ? await deps.jobs.get(id.data) : undefined;
  if (!job || job.userId !== userId) throw new AppError("JOB_NOT_FOUND", "No such job.");
  return job;
}

/** PATCH /jobs/:id {title}: name a run (trimmed, 1–100 characters), or clear its name (null or ""). */
export async function renameJob(
  deps: Pick<ManageDeps, "jobs">,
  userId: string,
  jobId: string,
  input: unknown,
): Promise<Job> {
  const { title } = parseInput(RenameJobRequestSchema, input);
  await ownJob(deps, userId, jobId);
  const renamed = await deps.jobs.setTitle(jobId, userId, title);
  if (!renamed) throw new AppError("JOB_NOT_FOUND", "No such job.");
  const { output: _live, ...job } = renamed;
  return job;
}

/**
 * DELETE /jobs/:id: a run that has ended is deleted, and so are its share link and its stored
 * objects (trace). A run still waiting or running is refused with JOB_STILL_RUNNING (409): what a
 * user deletes should stop being anything at all, so it is cancelled first, explicitly (POST
 * /jobs/:id/cancel), never silently. The item goes first: once it is gone nothing points at the
 * share or the objects, and anything left behind by a failure after it is removed anyway (a share
 * is only read through its job; objects by the bucket's lifecycle rule, locally by the sweeper).
 */
export async function deleteJob(deps: ManageDeps, userId: string, jobId: string): Promise<void> {
  const job = await ownJob(deps, userId, jobId);
  if (!isFinal(job.state)) {
    throw new AppError("JOB_STILL_RUNNING", `This run is still ${job.state}: cancel it first, then delete it.`);
  }
  if (!(await deps.jobs.removeFinal(job))) throw new AppError("JOB_NOT_FOUND", "No such job.");
  const leftovers: Array<Promise<void>> = [];
  if (job.shareToken) leftovers.push(deps.shares.remove(job.shareToken));
  for (const key of objectKeysOf(job)) leftovers.push(deps.objects.delete(key));
  const outcomes = await Promise.allSettled(leftovers);
  for (const outcome of outcomes) {
    if (outcome.status === "rejected")
      deps.warn?.("a deleted job's share or object could not be removed", { jobId, error: outcome.reason });
  }
}
