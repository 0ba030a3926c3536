import type { QueueMessage } from "../contract";
import { AppError } from "../errors";
import type { Clock } from "../ports";
import type { Job, JobState } from "./model";
import { getJob } from "./read";
import { RetryLater, type JobListener } from "./run";
import { isFinal } from "./state";
import type { EndFields, JobStore } from "./store";

export interface CancelDeps {
  jobs: JobStore;
  clock: Clock;
  onChange: JobListener;
}

/** A job that keeps changing under an ending write is re-read and tried again this many times. */
const END_TRIES = 5;

/**
 * End a job that is not final yet, from the newest state it can be read in: a worker may claim or
 * requeue it between the read and the write, which is then tried again on a fresh read.
 * `ended` is undefined when the job was absent or already final (`job` says which).
 */
async function endLatest(
  deps: CancelDeps,
  read: () => Promise<Job | undefined>,
  to: JobState,
  set: EndFields,
): Promise<{ job: Job | undefined; ended?: Job }> {
  for (let tries = 1; ; tries++) {
    const job = await read();
    if (!job || isFinal(job.state)) return { job };
    const ended = await deps.jobs.end(job, to, set);
    if (ended) return { job, ended };
    if (tries >= END_TRIES) throw new RetryLater(`job ${job.jobId} kept changing while it was ended ${to}`);
  }
}

/** The owner cancels a queued or running job; a worker running it notices and kills the child. */
export async function cancelJob(deps: CancelDeps, userId: string, jobId: string): Promise<Job> {
  const { job, ended } = await endLatest(deps, () => getJob(deps, userId, jobId), "cancelled", {
    finishedAt: deps.clock.now(),
    reason: "cancelled by its owner",
  });
  if (!ended) throw new AppError("CONFLICT", `The job has already ended (${job!.state}).`);
  await deps.onChange(ended);
  return ended;
}

/** The platform gave up on a delivery (it reached the dead-letter queue): the job ends failed. */
export async function failJob(deps: CancelDeps, message: QueueMessage, reason: string): Promise<Job | undefined> {
  const { ended } = await endLatest(deps, () => deps.jobs.get(message.jobId), "failed", {
    finishedAt: deps.clock.now(),
    reason,
  });
  if (ended && ended.userId === message.userId) await deps.onChange(ended);
  return ended;
}
