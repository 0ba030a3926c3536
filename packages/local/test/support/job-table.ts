// The job table of the store suites (job-store, job-run, manage-store): a DynamoDB backend of
// DYNAMO_BACKENDS (our server or AWS's DynamoDB Local, the referee) started before a describe block's
// tests and stopped after them, one table on it, core's stores over that table, a clock the tests move by
// hand, and the one way the suites store a job: admitted, as Job.submit stores it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, expect } from "vitest";
import type { Result, SandboxRequest } from "@code-remote/core/execution";
import { ulidGenerator } from "@code-remote/core/ids";
import { JobAdmission, JobStore, OpenJobCounter, ShareStore, type Job as JobRecord } from "@code-remote/core/job";
import type { Sandbox } from "@code-remote/core/ports";
import { createTable } from "@code-remote/core/store";
import { ensureTable, type DynamoEmulator } from "../../src/emulators/dynamo";
import type { DYNAMO_BACKENDS } from "../../src/emulators/dynamodb-local";
import { LOCAL_CREDENTIALS } from "../../src/net";

export type DynamoBackend = (typeof DYNAMO_BACKENDS)[number];

/** What a sandbox answers in these suites: a successful run. */
export const okResult: Result = {
  verdict: "ok",
  exitCode: 0,
  signal: null,
  stdout: "done\n",
  stderr: "",
  truncated: { stdout: false, stderr: false },
  error: null,
  usage: { wallMs: 5, cpuMs: 4, peakMemoryKb: 9000 },
};

/** A sandbox that answers okResult and keeps every request it was asked to run. */
export class CountingSandbox implements Sandbox {
  runs: SandboxRequest[] = [];
  async run(request: SandboxRequest): Promise<Result> {
    this.runs.push(request);
    return okResult;
  }
}

export interface JobTable {
  readonly dynamo: DynamoEmulator;
  readonly client: DynamoDBClient;
  readonly store: JobStore;
  readonly counter: OpenJobCounter;
  readonly admission: JobAdmission;
  readonly shares: ShareStore;
  /** Milliseconds since the epoch, fixed at the start of 2026 until a test moves it. */
  readonly clock: { now(): number; advance(ms: number): void };
  readonly ids: ReturnType<typeof ulidGenerator>;
  /** A queued job of the user, stored as every job is: admitted (under an open-jobs limit it never reaches). */
  newJob(userId?: string, overrides?: Partial<JobRecord>): Promise<JobRecord>;
}

/**
 * Starts the backend and the table before the calling describe block's tests, stops them after. The
 * backend's parts (dynamo, client, the stores) are filled in when it has started: read them in tests.
 */
export function useJobTable(backend: DynamoBackend, tableName: string): JobTable {
  let dir: string | undefined;
  let nowMs = Date.UTC(2026, 0, 1);
  const clock = {
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
  const nowSeconds = () => Math.floor(clock.now() / 1000);
  const ids = ulidGenerator();
  const db = {
    clock,
    ids,
    async newJob(userId = "user-a", overrides: Partial<JobRecord> = {}) {
      const job: JobRecord = {
        jobId: ids.next(),
        userId,
        code: "print('done')",
        stdin: "",
        limits: { wallMs: 1000, memoryMb: 128, outputBytes: 4096 },
        state: "queued",
        attempt: 1,
        createdAt: clock.now(),
        expiresAt: nowSeconds() + 3600,
        ...overrides,
      };
      expect(await db.admission.admit(job, { maxOpen: 1_000_000 })).toBeUndefined();
      return job;
    },
  } as JobTable;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cr-store-"));
    const dynamo = await backend.start(dir);
    await ensureTable(dynamo.endpoint, "us-east-1", tableName);
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: LOCAL_CREDENTIALS,
    });
    const table = createTable(client, tableName);
    Object.assign(db, {
      dynamo,
      client,
      store: new JobStore(table, nowSeconds),
      shares: new ShareStore(table, nowSeconds),
      counter: new OpenJobCounter(table),
      admission: new JobAdmission(table),
    });
  });

  afterAll(async () => {
    db.client?.destroy();
    await db.dynamo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return db;
}
