import { JOB_TTL_DAYS } from "../packages/core/src/job/model";
import { OBJECT_ACCESS, OBJECT_PREFIXES, type ObjectUser } from "./object-access";

/**
 * Objects too large for a job's table item, keyed by job: traces under `traces/<userId>/<jobId>.json`,
 * whole results too large for the item under `results/<userId>/<jobId>.json`.
 * Private (SST's default: every public access blocked, HTTPS only), no CORS (browsers never reach it:
 * the API streams a trace to its owner), and never linked (a link grants s3:*): the worker may only
 * put and delete, the API only get (OBJECT_ACCESS). Objects go with their job: a lifecycle rule per
 * prefix expires them after the job's TTL in whole days, rounded up.
 */
export const objects = new sst.aws.Bucket("Objects", {
  cors: false,
  lifecycle: OBJECT_PREFIXES.map((prefix) => ({
    id: `expire-${prefix.slice(0, -1)}-with-jobs`,
    prefix,
    expiresIn: `${JOB_TTL_DAYS} days`,
  })),
});

/** The IAM statement for one function's object access: its actions on the keys under OBJECT_PREFIXES only. */
export function objectAccess(user: ObjectUser) {
  return [
    {
      actions: OBJECT_ACCESS[user].map((a) => `s3:${a}`),
      resources: OBJECT_PREFIXES.map((prefix) => $interpolate`${objects.arn}/${prefix}*`),
    },
  ];
}
