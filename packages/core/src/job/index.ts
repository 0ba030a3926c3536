import type { Job as JobModel } from "./model";
import { deleteJob, renameJob } from "./manage";
import { getSharedRun, revokeShare, shareJob } from "./share";
import { cancelJob, failJob, getJob, getTrace, getWholeJob, listJobs, requeueUnfinished, runJob, submitJob, sweepOrphanObjects } from "./service";

export * from "./model";
export * from "./state";
export * from "./store";
export * from "./open-jobs";
export * from "./admission";
export * from "./service";
export * from "./stored-result";
export * from "./output-relay";
export * from "./manage";
export * from "./share";
export * from "./share-store";

/** A job record (type) and the job domain (value), read top to bottom: Job.submit, Job.get, Job.list, Job.run. */
export type Job = JobModel;
export const Job = {
  submit: submitJob,
  get: getJob,
  /** GET /jobs/:id: the job with its whole result (read from the bucket when the item holds a compact one). */
  getWhole: getWholeJob,
  trace: getTrace,
  list: listJobs,
  run: runJob,
  cancel: cancelJob,
  fail: failJob,
  requeueUnfinished,
  sweepOrphanObjects,
  rename: renameJob,
  remove: deleteJob,
  share: shareJob,
  revokeShare,
  shared: getSharedRun,
} as const;
