import { Connection } from "@code-remote/core/connection";
import type { Job, JobListener } from "@code-remote/core/job";
import type { Deps } from "./deps";

/**
 * What every handler does when a job changes state: log it with its ids, then push it to every open
 * connection of its owner. A failed push is logged, never allowed to fail the job.
 */
export function jobListener(deps: Deps): JobListener {
  return async (job: Job) => {
    deps.log("info", `job ${job.state}`, {
      jobId: job.jobId,
      userId: job.userId,
      attempt: job.attempt,
      state: job.state,
      ...(job.startedAt ? { queuedMs: job.startedAt - job.createdAt } : {}),
      ...(job.finishedAt && job.startedAt ? { runMs: job.finishedAt - job.startedAt } : {}),
      ...(job.result ? { verdict: job.result.verdict } : {}),
    });
    await Connection.notifyOwner(deps, job).catch((error: unknown) =>
      deps.log("warn", "could not notify the job's owner", { jobId: job.jobId, userId: job.userId, error }),
    );
  };
}
