import { Entity } from "electrodb";
import { RUN_MODES } from "../execution/trace";
import { JOB_STATES } from "../job/model";

/**
 * ElectroDB entities of the one table (pk/sk, gsi1). The DynamoDB client is passed in by the
 * adapter layer, so core never imports an AWS SDK client. Index names answer a question: `byUser`.
 */
export function jobEntity(client: unknown, table: string) {
  return new Entity(
    {
      model: { entity: "job", version: "1", service: "coderemote" },
      attributes: {
        jobId: { type: "string", required: true, readOnly: true },
        userId: { type: "string", required: true, readOnly: true },
        code: { type: "string", required: true, readOnly: true },
        stdin: { type: "string", default: "" },
        limits: { type: "any", required: true },
        tests: { type: "any" },
        mode: { type: RUN_MODES },
        profile: { type: "boolean" },
        state: { type: JOB_STATES, required: true },
        attempt: { type: "number", required: true },
        result: { type: "any" },
        output: { type: "any" },
        // A stored trace's pointer (TracePointer): the object itself is in the bucket.
        trace: { type: "any" },
        // A whole result's pointer (ResultPointer) when the result is too large for this item.
        resultObject: { type: "any" },
        reason: { type: "string" },
        createdAt: { type: "number", required: true, readOnly: true },
        startedAt: { type: "number" },
        finishedAt: { type: "number" },
        // Epoch seconds: DynamoDB's TTL attribute. Reads treat an expired item as absent.
        expiresAt: { type: "number", required: true },
      },
      indexes: {
        primary: { pk: { field: "pk", composite: ["jobId"] }, sk: { field: "sk", composite: [] } },
        byUser: {
          index: "gsi1",
          pk: { field: "gsi1pk", composite: ["userId"] },
          // ULIDs sort by creation time, so newest first is a descending query.
          sk: { field: "gsi1sk", composite: ["jobId"] },
        },
      },
    },
    { client: client as never, table },
  );
}

export function connectionEntity(client: unknown, table: string) {
  return new Entity(
    {
      model: { entity: "connection", version: "1", service: "coderemote" },
      attributes: {
        connectionId: { type: "string", required: true, readOnly: true },
        userId: { type: "string", required: true, readOnly: true },
        connectedAt: { type: "number", required: true },
        expiresAt: { type: "number", required: true },
      },
      indexes: {
        primary: { pk: { field: "pk", composite: ["connectionId"] }, sk: { field: "sk", composite: [] } },
        byUser: {
          index: "gsi1",
          pk: { field: "gsi1pk", composite: ["userId"] },
          sk: { field: "gsi1sk", composite: ["connectionId"] },
        },
      },
    },
    { client: client as never, table },
  );
}

/** A fixed-window counter per key (user + action, or connection): rate limits that hold across Lambdas. */
export function rateCounterEntity(client: unknown, table: string) {
  return new Entity(
    {
      model: { entity: "rate", version: "1", service: "coderemote" },
      attributes: {
        key: { type: "string", required: true, readOnly: true },
        window: { type: "number", required: true, readOnly: true },
        count: { type: "number" },
        expiresAt: { type: "number" },
      },
      indexes: {
        primary: { pk: { field: "pk", composite: ["key", "window"] }, sk: { field: "sk", composite: [] } },
      },
    },
    { client: client as never, table },
  );
}

/** How many of a user's jobs are queued or running: one small item per user (see job/open-jobs.ts). */
export function openJobsEntity(client: unknown, table: string) {
  return new Entity(
    {
      model: { entity: "openjobs", version: "1", service: "coderemote" },
      attributes: {
        userId: { type: "string", required: true, readOnly: true },
        count: { type: "number" },
      },
      indexes: {
        primary: { pk: { field: "pk", composite: ["userId"] }, sk: { field: "sk", composite: [] } },
      },
    },
    { client: client as never, table },
  );
}

/**
 * Options for every `.go()`: failures surface as the SDK's own errors. Without it ElectroDB builds
 * an Error (stack trace included) on every call in case the call fails, ~0.3 ms of CPU per call
 * on the local stack's 2-core VM, several times per job.
 */
export const RAW_ERRORS = { originalErr: true } as const;

/**
 * An ElectroDB update chain, as a plain entity and a transaction's entity both build it: run it
 * alone with `.go()` or inside a transaction with `.commit()` (job/admission.ts). Typed loosely on
 * purpose: ElectroDB gives the two entity kinds unrelated types for the same chain.
 */
export interface UpdateChain {
  add(values: Record<string, number>): UpdateChain;
  set(values: Record<string, unknown>): UpdateChain;
  remove(attributes: string[]): UpdateChain;
  where(build: (attr: Record<string, unknown>, op: ConditionOps) => string): UpdateChain;
  go(options?: object): Promise<unknown>;
  commit(options?: object): unknown;
}

interface ConditionOps {
  notExists(attribute: unknown): string;
  lt(attribute: unknown, value: number): string;
  gt(attribute: unknown, value: number): string;
  eq(attribute: unknown, value: unknown): string;
}

/** Start an update of `key` on either kind of entity (see UpdateChain). */
export function updateOf(entity: { update(key: never): unknown }, key: object): UpdateChain {
  return (entity.update as (key: object) => UpdateChain)(key);
}

/** The same for a patch: an update of an item that must already exist. */
export function patchOf(entity: { patch(key: never): unknown }, key: object): UpdateChain {
  return (entity.patch as (key: object) => UpdateChain)(key);
}

/** DynamoDB's "condition not met": the SDK's error, or (without RAW_ERRORS) ElectroDB's wrapped one. */
export function isConditionFailure(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const name = (e as { name?: string }).name;
    const message = (e as { message?: string }).message ?? "";
    if (name === "ConditionalCheckFailedException" || message.includes("conditional request failed")) return true;
  }
  return false;
}
