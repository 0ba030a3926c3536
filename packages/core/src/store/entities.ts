import { createSchema, CustomAttributeType, type DocumentClient, Entity, Service } from "electrodb";
import type { Analysis } from "../analysis/model";
import type { Limits, LiveOutput, Result, TestCase } from "../execution";
import { RUN_MODES } from "../execution/trace";
import { JOB_STATES, type ResultPointer, type TracePointer } from "../job/model";
import { TABLE_KEYS } from "./table-keys";

// Every index names the table's own key fields (table-keys.ts), so infra, the local table and the entities agree.
const { hashKey: pk, rangeKey: sk } = TABLE_KEYS.primaryIndex;
const { hashKey: gsi1pk, rangeKey: gsi1sk } = TABLE_KEYS.globalIndexes.gsi1;

/** A job: its request, its state, and (once final) its result. See job/model.ts for each field. */
const jobSchema = createSchema({
  model: { entity: "job", version: "1", service: "coderemote" },
  attributes: {
    jobId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    code: { type: "string", required: true, readOnly: true },
    stdin: { type: "string", default: "" },
    limits: { type: CustomAttributeType<Limits>("any"), required: true },
    tests: { type: CustomAttributeType<TestCase[]>("any") },
    mode: { type: RUN_MODES },
    profile: { type: "boolean" },
    state: { type: JOB_STATES, required: true },
    attempt: { type: "number", required: true },
    result: { type: CustomAttributeType<Result>("any") },
    output: { type: CustomAttributeType<LiveOutput>("any") },
    // A stored trace's pointer: the object itself is in the bucket.
    trace: { type: CustomAttributeType<TracePointer>("any") },
    // A whole result's pointer when the result is too large for this item.
    resultObject: { type: CustomAttributeType<ResultPointer>("any") },
    reason: { type: "string" },
    // The owner's name for the run (PATCH /jobs/:id), 1–100 characters; absent when cleared.
    title: { type: "string" },
    // The token of the run's share item while it is shared (shareSchema).
    shareToken: { type: "string" },
    createdAt: { type: "number", required: true, readOnly: true },
    startedAt: { type: "number" },
    finishedAt: { type: "number" },
    // Epoch seconds: DynamoDB's TTL attribute. Reads treat an expired item as absent.
    expiresAt: { type: "number", required: true },
  },
  // ULIDs sort by creation time, so a user's newest jobs first is a descending query.
  indexes: {
    primary: { pk: { field: pk, composite: ["jobId"] }, sk: { field: sk, composite: [] } },
    byUser: {
      index: "gsi1",
      pk: { field: gsi1pk, composite: ["userId"] },
      sk: { field: gsi1sk, composite: ["jobId"] },
    },
  },
});

/** An open WebSocket connection of a user (the push of a job goes to each). */
const connectionSchema = createSchema({
  model: { entity: "connection", version: "1", service: "coderemote" },
  attributes: {
    connectionId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    connectedAt: { type: "number", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    primary: { pk: { field: pk, composite: ["connectionId"] }, sk: { field: sk, composite: [] } },
    byUser: {
      index: "gsi1",
      pk: { field: gsi1pk, composite: ["userId"] },
      sk: { field: gsi1sk, composite: ["connectionId"] },
    },
  },
});

/**
 * A run shared by link: one item per token, keyed by the token itself (`pk` = the token, no index
 * needed: the link is the key). It expires with its job (same `expiresAt`), and the job keeps the
 * token (`shareToken`) so its owner can revoke it and deleting the job removes it.
 */
const shareSchema = createSchema({
  model: { entity: "share", version: "1", service: "coderemote" },
  attributes: {
    token: { type: "string", required: true, readOnly: true },
    jobId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    createdAt: { type: "number", required: true, readOnly: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: { primary: { pk: { field: pk, composite: ["token"] }, sk: { field: sk, composite: [] } } },
});

/** A fixed-window counter per key (user + action, or connection): rate limits that hold across Lambdas. */
const rateSchema = createSchema({
  model: { entity: "rate", version: "1", service: "coderemote" },
  attributes: {
    key: { type: "string", required: true, readOnly: true },
    window: { type: "number", required: true, readOnly: true },
    count: { type: "number" },
    expiresAt: { type: "number" },
  },
  indexes: { primary: { pk: { field: pk, composite: ["key", "window"] }, sk: { field: sk, composite: [] } } },
});

/** How many of a user's jobs are queued or running: one small item per user (see job/open-jobs.ts). */
const openjobsSchema = createSchema({
  model: { entity: "openjobs", version: "1", service: "coderemote" },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    count: { type: "number" },
  },
  indexes: { primary: { pk: { field: pk, composite: ["userId"] }, sk: { field: sk, composite: [] } } },
});

/** A cached analysis, keyed by sha256 of the code. */
const analysisSchema = createSchema({
  model: { entity: "analysis", version: "1", service: "coderemote" },
  attributes: {
    codeHash: { type: "string", required: true, readOnly: true },
    /** The analyzer generation that produced it: a newer static analyzer ignores older answers. */
    version: { type: "number", required: true },
    analysis: { type: CustomAttributeType<Analysis>("any"), required: true },
    createdAt: { type: "number", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: { primary: { pk: { field: pk, composite: ["codeHash"] }, sk: { field: sk, composite: [] } } },
});

/**
 * Every entity of the one table, as one ElectroDB Service, built once per process: each store takes
 * the entities it needs from it, and writes that touch two entities at once (a job and its owner's
 * open-jobs counter) are its transactions. The DynamoDB client comes from the adapter layer: core
 * imports no AWS SDK. (The entities are new on each call: a Service binds its entities to its client.)
 */
export function createTable(client: DocumentClient, table: string) {
  return new Service(
    {
      job: new Entity(jobSchema),
      connection: new Entity(connectionSchema),
      share: new Entity(shareSchema),
      rate: new Entity(rateSchema),
      openjobs: new Entity(openjobsSchema),
      analysis: new Entity(analysisSchema),
    },
    { client, table },
  );
}

export type Table = ReturnType<typeof createTable>;
export type JobEntity = Table["entities"]["job"];

/** DynamoDB's "condition not met", as ElectroDB passes it on (the SDK's error is its cause). */
export function isConditionFailure(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const name = (e as { name?: string }).name;
    const message = (e as { message?: string }).message ?? "";
    if (name === "ConditionalCheckFailedException" || message.includes("conditional request failed")) return true;
  }
  return false;
}
