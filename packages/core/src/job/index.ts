import type { Job as JobModel } from "./model";
import { cancelJob, failJob, getJob, listJobs, requeueUnfinished, runJob, submitJob } from "./service";

export * from "./model";
export * from "./state";
export * from "./store";
export * from "./open-jobs";
export * from "./admission";
export * from "./service";
export * from "./fit";
export * from "./output-relay";

/** A job record (type) and the job domain (value), read top to bottom: Job.submit, Job.get, Job.list, Job.run. */
export type Job = JobModel;
export const Job = {
  submit: submitJob,
  get: getJob,
  list: listJobs,
  run: runJob,
  cancel: cancelJob,
  fail: failJob,
  requeueUnfinished,
} as const;
