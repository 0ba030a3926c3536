import { ExecuteRequestSchema, parseInput } from "../contract";
import { AppError } from "../errors";
import type { Clock, IdGenerator, JobQueue } from "../ports";
import type { JobAdmission } from "./admission";
import { JOB_TTL_SECONDS, type Job } from "./model";
import type { OpenJobCounter } from "./open-jobs";
import { isFinal } from "./state";
import type { JobStore } from "./store";

export interface SubmitDeps {
  jobs: JobStore;
  queue: JobQueue;
  clock: Clock;
  ids: IdGenerator;
  /** At most this many of a user's jobs may wait or run at once (counted by openJobs). */
  maxQueuedPerUser: number;
  openJobs: OpenJobCounter;
  admission: JobAdmission;
}

/** Validate, admit (the user's open-jobs count and the job itself in one transaction), enqueue.
 * A job that was stored but could not be enqueued ends `failed`. */
export async function submitJob(deps: SubmitDeps, userId: string, input: unknown): Promise<Job> {
  const request = parseInput(ExecuteRequestSchema, input);
  const now = deps.clock.now();
  const job: Job = {
    jobId: deps.ids.next(),
    userId,
    code: request.code,
    stdin: request.stdin,
    limits: request.limits,
    ...(request.tests ? { tests: request.tests } : {}),
    mode: request.mode,
    ...(request.profile && !request.tests ? { profile: true } : {}),
    state: "queued",
    attempt: 1,
    createdAt: now,
    expiresAt: Math.floor(now / 1000) + JOB_TTL_SECONDS,
  };
  const limits = { maxOpen: deps.maxQueuedPerUser };
  let refused = await deps.admission.admit(job, limits);
  if (refused === "open") {
    // The counter may have drifted up (a lost release): believe the jobs, not the counter.
    const open = await countUnfinished(deps, userId);
    if (open >= deps.maxQueuedPerUser) throw tooManyJobs(open);
    await deps.openJobs.reset(userId, open);
    refused = await deps.admission.admit(job, limits);
    if (refused === "open") throw tooManyJobs(deps.maxQueuedPerUser); // other submits reached the limit meanwhile
  }
  try {
    await deps.queue.enqueue({ jobId: job.jobId, userId });
  } catch (error) {
    await deps.jobs.end(job, "failed", { reason: "the job queue is unavailable", finishedAt: deps.clock.now() });
    throw new AppError("UNAVAILABLE", "The job queue is unavailable; please try again shortly.", { cause: error });
  }
  return job;
}

function tooManyJobs(open: number): AppError {
  return new AppError("TOO_MANY_JOBS", `You already have ${open} jobs waiting or running; wait for some to finish.`, {
    retryAfterSeconds: 5,
  });
}

/**
 * The user's jobs waiting or running, counted from the jobs (only when the counter says the user is
 * full: it may have drifted). One bounded query: a user's jobs run in submission order, so the
 * unfinished ones are among the newest (twice the limit leaves room for cancelled ones between).
 */
async function countUnfinished(deps: SubmitDeps, userId: string): Promise<number> {
  const states = await deps.jobs.recentStates(userId, deps.maxQueuedPerUser * 2);
  return states.filter((s) => !isFinal(s)).length;
}
