import type { ManageDeps } from "./manage";
import type { Job, JobState } from "./model";
import type { ShareDeps } from "./share";
import type { ShareRecord } from "./share-store";
import { isFinal } from "./state";

// In-memory job table, share items and bucket, with the same conditions as the real store's writes.
export function memoryWorld() {
  const jobs = new Map<string, Job>();
  const shares = new Map<string, ShareRecord>();
  const objects = new Map<string, string>();
  let tokenCount = 0;
  const store = {
    get: async (jobId: string) => jobs.get(jobId),
    setTitle: async (jobId: string, userId: string, title: string | null) => {
      const job = jobs.get(jobId);
      if (!job || job.userId !== userId) return undefined;
      const { title: _old, ...rest } = job;
      const next = title === null ? rest : { ...rest, title };
      jobs.set(jobId, next);
      return next;
    },
    removeFinal: async (job: Pick<Job, "jobId" | "userId">) => {
      const stored = jobs.get(job.jobId);
      if (!stored || stored.userId !== job.userId || !isFinal(stored.state)) return false;
      return jobs.delete(job.jobId);
    },
    setShareToken: async (jobId: string, userId: string, token: string, previous?: string) => {
      const job = jobs.get(jobId);
      if (!job || job.userId !== userId || !isFinal(job.state)) return undefined;
      if (job.shareToken !== undefined && job.shareToken !== previous) return undefined;
      const next = { ...job, shareToken: token };
      jobs.set(jobId, next);
      return next;
    },
    clearShareToken: async (jobId: string, userId: string, token: string) => {
      const job = jobs.get(jobId);
      if (!job || job.userId !== userId || job.shareToken !== token) return undefined;
      const { shareToken: _gone, ...next } = job;
      jobs.set(jobId, next);
      return next;
    },
  };
  const shareStore = {
    put: async (share: ShareRecord) => (shares.has(share.token) ? false : (shares.set(share.token, share), true)),
    get: async (token: string) => shares.get(token),
    remove: async (token: string) => void shares.delete(token),
  };
  const bucket = { delete: async (key: string) => void objects.delete(key) };
  const manage: ManageDeps = { jobs: store, shares: shareStore, objects: bucket };
  const share: ShareDeps = {
    jobs: store,
    shares: shareStore,
    clock: { now: () => 1_000 },
    newToken: () => `t${String(++tokenCount).padStart(42, "0")}`,
  };
  let n = 0;
  const add = (userId: string, state: JobState = "finished", extra: Partial<Job> = {}): Job => {
    const jobId = `01J${String(++n).padStart(23, "0")}`;
    const job: Job = {
      jobId,
      userId,
      code: `print(${n})`,
      stdin: "",
      limits: { wallMs: 10_000, memoryMb: 256, outputBytes: 1 << 20 },
      mode: "run",
      state,
      attempt: 1,
      createdAt: n,
      expiresAt: 4_000_000_000,
      ...extra,
    };
    jobs.set(jobId, job);
    return job;
  };
  return { jobs, shares, objects, manage, share, add };
}
