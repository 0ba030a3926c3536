// Plain data (no SST globals), so the infra tests can read it too; objects.ts turns it into IAM.

/** Object-level S3 actions, the only kind any function is granted (never s3:*, never ListBucket). */
export type ObjectAction = "PutObject" | "GetObject" | "DeleteObject";

/** Every object of ours is under this prefix (core's traceKeyOf), and so are the grants and the lifecycle rule. */
export const OBJECT_PREFIX = "traces/";

/**
 * What each function does to the bucket. The worker writes a trace run's trace (PutObject) and removes
 * it again when the job was cancelled under it (DeleteObject); the API's GET /jobs/:id/trace reads it
 * (GetObject) and DELETE /jobs/:id removes a deleted job's objects (DeleteObject). Nothing else
 * touches the bucket; the lifecycle rule removes objects with their jobs.
 */
export const OBJECT_ACCESS = {
  worker: ["PutObject", "DeleteObject"],
  api: ["GetObject", "DeleteObject"],
} satisfies Record<string, ObjectAction[]>;

export type ObjectUser = keyof typeof OBJECT_ACCESS;
