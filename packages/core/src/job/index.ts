import type { Job as JobModel } from "./model";
import { deleteJob, renameJob } from "./manage";
import { getSharedRun, revokeShare, shareJob } from "./share";
import { cancelJob, failJob } from "./end";
import { getJob, getTrace, getWholeJob, listJobs } from "./read";
import { runJob } from "./run";
import { submitJob } from "./submit";
import { requeueUnfinished, sweepOrphanObjects } from "./upkeep";

export {
  JOB_STATES,
  JOB_TTL_DAYS,
  JOB_TTL_SECONDS,
  JobSchema,
  type JobState,
  resultKeyOf,
  type ResultPointer,
  traceKeyOf,
  type TracePointer,
} from "./model";
export { FINAL_STATES, isFinal } from "./state";
export { JobStore } from "./store";
export { OpenJobCounter } from "./open-jobs";
export { JobAdmission } from "./admission";
export { cancelJob } from "./end";
export { type JobListener, runJob } from "./run";
export { requeueUnfinished, sweepOrphanObjects } from "./upkeep";
export { COMPACT_STREAM_BYTES, compactResult, utf8Bytes } from "./stored-result";
export type { OutputPush } from "./output-relay";
export { deleteJob, renameJob } from "./manage";
export { revokeShare, shareJob } from "./share";
export { ShareStore } from "./share-store";

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
