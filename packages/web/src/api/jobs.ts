import { apiFetch } from "./http";
import type { Job, JobList, Trace } from "./types";

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

export const fetchJobs = (cursor?: string): Promise<JobList> =>
  apiFetch<JobList>(cursor ? `/jobs?cursor=${encodeURIComponent(cursor)}` : "/jobs");

/** GET /jobs/:id/trace: the step-by-step record of a finished trace run (owner only). */
export const fetchTrace = async (jobId: string): Promise<Trace> =>
  (await apiFetch<{ trace: Trace }>(`/jobs/${encodeURIComponent(jobId)}/trace`)).trace;

/** POST /jobs/:id/cancel: 409 CONFLICT when the job reached a final state first. */
export const cancelJob = async (jobId: string): Promise<Job> =>
  (await apiFetch<{ job: Job }>(`/jobs/${encodeURIComponent(jobId)}/cancel`, { method: "POST" })).job;

/** react-query keys in one place, so the socket and the queries agree on them. */
export const jobKeys = {
  all: ["jobs"] as const,
  list: () => ["jobs", "list"] as const,
  detail: (jobId: string) => ["jobs", "detail", jobId] as const,
  trace: (jobId: string) => ["jobs", "trace", jobId] as const,
};
