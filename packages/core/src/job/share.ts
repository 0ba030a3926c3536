import { ShareTokenSchema, type SharedRun } from "../contract";
import { AppError } from "../errors";
import type { Clock } from "../ports";
import { ownJob } from "./manage";
import type { Job } from "./model";
import type { ShareStore } from "./share-store";
import { isFinal } from "./state";
import type { JobStore } from "./store";

/** Share a run by link: an unguessable token opens a read-only copy to anyone signed in. */

export interface ShareDeps {
  jobs: Pick<JobStore, "get" | "setShareToken" | "clearShareToken">;
  shares: Pick<ShareStore, "put" | "get" | "remove">;
  clock: Clock;
  /** A new unguessable token (ids/randomToken: 256 random bits, base64url). */
  newToken: () => string;
}

const NO_SUCH_SHARE = "No such shared run: the link is wrong, was revoked, or its run is gone.";

/**
 * POST /jobs/:id/share: the owner's run that has ended gets a link token (the same one again while
 * it stays shared). A run still waiting or running is JOB_STILL_RUNNING: its result is not there yet.
 */
export async function shareJob(deps: ShareDeps, userId: string, jobId: string): Promise<{ token: string; job: Job }> {
  let job = await ownJob(deps, userId, jobId);
  if (!isFinal(job.state))
    throw new AppError("JOB_STILL_RUNNING", `This run is still ${job.state}: share it once it has ended.`);
  for (let tries = 0; tries < 3; tries++) {
    if (job.shareToken && (await deps.shares.get(job.shareToken))) return { token: job.shareToken, job };
    const token = deps.newToken();
    const stored = await deps.shares.put({
      token,
      jobId: job.jobId,
      userId,
      createdAt: deps.clock.now(),
      expiresAt: job.expiresAt,
    });
    if (!stored) continue; // a token already taken: 256 random bits make this never happen, but never share two runs under one
    const marked = await deps.jobs.setShareToken(job.jobId, userId, token, job.shareToken);
    if (marked) return { token, job: marked };
    // Shared (or deleted) meanwhile: this token opens nothing; the newest job says what is true.
    await deps.shares.remove(token);
    job = await ownJob(deps, userId, jobId);
  }
  throw new AppError("CONFLICT", "The run kept changing while it was being shared; please try again.");
}

/**
 * DELETE /jobs/:id/share: the link stops working at once (the job no longer points at it, and a
 * share is only honoured through its job), then the share item goes. Revoking an unshared run of
 * the owner is not an error.
 */
export async function revokeShare(deps: ShareDeps, userId: string, jobId: string): Promise<void> {
  const job = await ownJob(deps, userId, jobId);
  if (!job.shareToken) return;
  await deps.jobs.clearShareToken(job.jobId, userId, job.shareToken);
  await deps.shares.remove(job.shareToken);
}

/**
 * GET /shared/:token: the shared run for any signed-in user. A malformed, unknown or revoked token,
 * or one whose run is gone, is NOT_FOUND (404), all alike. The owner's id is never shown.
 */
export async function getSharedRun(
  deps: Pick<ShareDeps, "jobs" | "shares">,
  userId: string,
  token: string,
): Promise<SharedRun> {
  if (!ShareTokenSchema.safeParse(token).success) throw new AppError("NOT_FOUND", NO_SUCH_SHARE);
  const share = await deps.shares.get(token);
  const job = share ? await deps.jobs.get(share.jobId) : undefined;
  if (!share || !job || job.shareToken !== token || job.userId !== share.userId)
    throw new AppError("NOT_FOUND", NO_SUCH_SHARE);
  const owned = job.userId === userId;
  return {
    token,
    owned,
    ...(owned ? { jobId: job.jobId } : {}),
    ...(job.title ? { title: job.title } : {}),
    code: job.code,
    stdin: job.stdin,
    ...(job.tests ? { tests: job.tests } : {}),
    limits: job.limits,
    ...(job.mode ? { mode: job.mode } : {}),
    state: job.state,
    ...(job.result ? { result: job.result } : {}),
    ...(job.reason ? { reason: job.reason } : {}),
    createdAt: job.createdAt,
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
  };
}
