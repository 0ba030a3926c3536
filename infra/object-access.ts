// Plain data (no SST globals), so the infra tests can read it too; objects.ts turns it into IAM.

/** Object-level S3 actions, the only kind any function is granted (never s3:*, never ListBucket). */
export type ObjectAction = "PutObject" | "GetObject" | "DeleteObject";

/**
 * Every object of ours is under one of these prefixes (core's traceKeyOf and resultKeyOf), and so are
 * the grants and the lifecycle rules.
 */
export const OBJECT_PREFIXES = ["traces/", "results/"] as const;

/**
 * What each function does to the bucket. The worker writes a trace run's trace and a result too large
 * for the job's table item (PutObject) and removes them again when the job was cancelled under it
 * (DeleteObject); the API reads them (GetObject: GET /jobs/:id/trace, GET /jobs/:id) and DELETE
 * /jobs/:id removes a deleted job's objects (DeleteObject). Nothing else touches the bucket; the
 * lifecycle rules remove objects with their jobs.
 */
export const OBJECT_ACCESS = {
  worker: ["PutObject", "DeleteObject"],
  api: ["GetObject", "DeleteObject"],
} satisfies Record<string, ObjectAction[]>;

export type ObjectUser = keyof typeof OBJECT_ACCESS;
