import type { JobQueue, ObjectStore } from "../ports";
import type { Job } from "./model";
import { isFinal } from "./state";
import type { JobStore } from "./store";

/** What each kind of stored object is called and which job field points at it. */
const OBJECT_KINDS = [
  { prefix: "traces/", pointer: (job: Job) => job.trace?.key },
  { prefix: "results/", pointer: (job: Job) => job.resultObject?.key },
] as const;

/**
 * Remove stored objects (traces, whole results) whose job is gone (expired or deleted) or no longer
 * points at them. For a store with no lifecycle rule of its own (the local S3 twin); in the cloud the
 * bucket's lifecycle rule does it. Returns the keys removed.
 */
export async function sweepOrphanObjects(deps: { jobs: JobStore; objects: ObjectStore }): Promise<string[]> {
  if (!deps.objects.list) throw new Error("this object store cannot list its keys");
  const removed: string[] = [];
  for (const kind of OBJECT_KINDS) {
    for await (const key of deps.objects.list(kind.prefix)) {
      const jobId = /^[a-z]+\/[^/]+\/([^/]+)\.json$/.exec(key)?.[1];
      const job = jobId ? await deps.jobs.get(jobId) : undefined;
      if (job && kind.pointer(job) === key) continue;
      // A job still running may be about to point at its object: only remove what no live job can claim.
      if (job && !isFinal(job.state)) continue;
      await deps.objects.delete(key);
      removed.push(key);
    }
  }
  return removed;
}

/**
 * Enqueue again every job that is not final. For a queue that does not keep messages across a
 * restart (the local SQS twin); redundant deliveries are harmless because runJob is idempotent.
 */
export async function requeueUnfinished(deps: { jobs: JobStore; queue: JobQueue }): Promise<number> {
  const unfinished = await deps.jobs.scanUnfinished();
  for (const job of unfinished) await deps.queue.enqueue({ jobId: job.jobId, userId: job.userId });
  return unfinished.length;
}
