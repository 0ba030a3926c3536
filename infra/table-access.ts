// Plain data (no SST globals), so the infra tests can read it too; table-grants.ts turns it into IAM.

/** Item-level DynamoDB actions, the only kind any function is granted (never dynamodb:*). */
export type TableAction = "GetItem" | "PutItem" | "UpdateItem" | "DeleteItem" | "Query";

/**
 * What each function does to the table, read from the code it runs (the README's least-privilege
 * table is this one). A transaction (TransactWriteItems) needs the permission of each write inside
 * it, not one of its own; none of ours holds a bare ConditionCheck, so ConditionCheckItem is not
 * granted. Every Query is on gsi1 ("of a user, newest first"), so Query is granted on that index
 * only; Scan (Job.requeueUnfinished) runs only in the local stack and is granted to none.
 */
export const TABLE_ACCESS = {
  /**
   * POST /execute: admission transaction (job Put + open-jobs and rate Updates), the open-jobs
   * recount (Query recentStates, Update reset), a failed enqueue's final write (transaction of
   * Updates). GET /jobs/:id Get; GET /jobs Query. Cancel: Get, final write (Updates), then the
   * owner's connections (Query) and a gone one removed (Delete). Every route's rate limit (Update).
   * PATCH /jobs/:id (rename) Update; DELETE /jobs/:id Delete of the job and its share item; POST and
   * DELETE /jobs/:id/share Put/Delete of the share item and an Update of the job; GET /shared/:token Gets.
   * POST /analyze: cache Get and Put.
   */
  api: ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query"],
  /** Claim (conditional Update), Get while watching for a cancel, final write (Updates), pushes (Query, Delete when gone). */
  worker: ["GetItem", "UpdateItem", "DeleteItem", "Query"],
  /** Mark the job failed: Get the newest, final write (Updates); push (Query, Delete when gone). */
  deadLetters: ["GetItem", "UpdateItem", "DeleteItem", "Query"],
  /** $connect: Put the connection, count the user's (Query); one past the cap is removed again (Delete). */
  wsConnect: ["PutItem", "Query", "DeleteItem"],
  /** $disconnect: Delete the connection. */
  wsDisconnect: ["DeleteItem"],
  /** $default: the per-connection message rate (Update); the pong, and Delete when the connection is gone. */
  wsMessage: ["UpdateItem", "DeleteItem"],
} satisfies Record<string, TableAction[]>;

export type TableUser = keyof typeof TABLE_ACCESS;
