import { apiFetch } from "./http";
import type { Job, JobList, SharedRun, Trace } from "./types";

export interface ExecuteInput {
  code: string;
  stdin?: string;
  tests?: Array<{ stdin: string; expected: string }>;
  /** "trace": the run is recorded step by step (a trace run takes stdin, not test cases). */
  mode?: "run" | "trace";
}

export const executeCode = async (input: ExecuteInput): Promise<Job> =>
  (await apiFetch<{ job: Job }>("/execute", { method: "POST", body: input })).job;

export const fetchJob = async (jobId: string): Promise<Job> =>
  (await apiFetch<{ job: Job }>(`/jobs/${encodeURIComponent(jobId)}`)).job;

/** GET /jobs: a page of the history from `cursor`; with `q`, the server searches the whole history by title and code. */
export const fetchJobs = (cursor?: string, q?: string): Promise<JobList> => {
  const query = new URLSearchParams();
  if (cursor) query.set("cursor", cursor);
  if (q) query.set("q", q);
  const search = query.toString();
  return apiFetch<JobList>(search ? `/jobs?${search}` : "/jobs");
};

/** GET /jobs/:id/trace: the step-by-step record of a finished trace run (owner only). */
export const fetchTrace = async (jobId: string): Promise<Trace> =>
  (await apiFetch<{ trace: Trace }>(`/jobs/${encodeURIComponent(jobId)}/trace`)).trace;

/** POST /jobs/:id/cancel: 409 CONFLICT when the job reached a final state first. */
export const cancelJob = async (jobId: string): Promise<Job> =>
  (await apiFetch<{ job: Job }>(`/jobs/${encodeURIComponent(jobId)}/cancel`, { method: "POST" })).job;

/** PATCH /jobs/:id: name a run (trimmed, 1–100 characters); null or "" clears the name. */
export const renameJob = async (jobId: string, title: string | null): Promise<Job> =>
  (await apiFetch<{ job: Job }>(`/jobs/${encodeURIComponent(jobId)}`, { method: "PATCH", body: { title } })).job;

/** DELETE /jobs/:id: 409 JOB_STILL_RUNNING while the run waits or runs (cancel it first). */
export const deleteJob = async (jobId: string): Promise<void> => {
  await apiFetch<unknown>(`/jobs/${encodeURIComponent(jobId)}`, { method: "DELETE" });
};

/** POST /jobs/:id/share: the run's link token (the same one while it stays shared). */
export const shareJob = async (jobId: string): Promise<{ token: string; url: string }> =>
  apiFetch<{ token: string; url: string }>(`/jobs/${encodeURIComponent(jobId)}/share`, { method: "POST" });

/** DELETE /jobs/:id/share: the link stops working (404 for everyone). */
export const revokeShare = async (jobId: string): Promise<void> => {
  await apiFetch<unknown>(`/jobs/${encodeURIComponent(jobId)}/share`, { method: "DELETE" });
};

/** GET /shared/:token: a shared run, for anyone signed in (404 NOT_FOUND when revoked or unknown). */
export const fetchSharedRun = async (token: string): Promise<SharedRun> =>
  (await apiFetch<{ run: SharedRun }>(`/shared/${encodeURIComponent(token)}`)).run;

/** The share page's address on this web app (the API's `url` is the same when it knew our origin). */
export const shareLinkOf = (token: string): string => `${window.location.origin}/s/${token}`;

/** react-query keys in one place, so the socket and the queries agree on them. */
export const jobKeys = {
  all: ["jobs"] as const,
  list: () => ["jobs", "list"] as const,
  /** A history search's pages (every search: `searches()`). */
  search: (q: string) => ["jobs", "search", q] as const,
  searches: () => ["jobs", "search"] as const,
  detail: (jobId: string) => ["jobs", "detail", jobId] as const,
  trace: (jobId: string) => ["jobs", "trace", jobId] as const,
  shared: (token: string) => ["shared", token] as const,
};
