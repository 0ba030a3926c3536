import { getJob, listJobs, runJob, submitJob } from "./service";

export * from "./model";
export * from "./state";
export * from "./store";
export * from "./service";

/** The job domain, read top to bottom: Job.submit, Job.get, Job.list, Job.run. */
export const Job = { submit: submitJob, get: getJob, list: listJobs, run: runJob } as const;
