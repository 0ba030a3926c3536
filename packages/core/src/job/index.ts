import type { Job as JobModel } from "./model";
import { getJob, listJobs, runJob, submitJob } from "./service";

export * from "./model";
export * from "./state";
export * from "./store";
export * from "./service";

/** A job record (type) and the job domain (value), read top to bottom: Job.submit, Job.get, Job.list, Job.run. */
export type Job = JobModel;
export const Job = { submit: submitJob, get: getJob, list: listJobs, run: runJob } as const;
