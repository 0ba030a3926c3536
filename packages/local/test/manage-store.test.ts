import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobAdmission, JobStore, ShareStore, type Job as JobRecord } from "@code-remote/core/job";
import { randomToken, ulidGenerator } from "@code-remote/core/ids";
import { createTable } from "@code-remote/core/store";
import { ensureTable, type DynamoEmulator } from "../src/emulators/dynamo";
import { DYNAMO_BACKENDS } from "../src/emulators/dynamodb-local";

// The writes of history management and sharing (title patch, conditional delete of a final job, the
// share pointer, share items keyed by token) against our server and AWS's DynamoDB Local, the referee.
describe.each(DYNAMO_BACKENDS)("rename, delete and share writes on $name", (backend) => {
  let dynamo: DynamoEmulator;
  let dir: string;
  let client: DynamoDBClient;
  let store: JobStore;
  let shares: ShareStore;
  let admission: JobAdmission;
  let nowSeconds = Math.floor(Date.UTC(2026, 0, 1) / 1000);
  const ids = ulidGenerator();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cr-manage-"));
    dynamo = await backend.start(dir);
    await ensureTable(dynamo.endpoint, "us-east-1", "manage-test");
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const table = createTable(client, "manage-test");
    store = new JobStore(table, () => nowSeconds);
    shares = new ShareStore(table, () => nowSeconds);
    admission = new JobAdmission(table);
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function newJob(state: "queued" | "finished" = "finished", userId = "alice"): Promise<JobRecord> {
    const job: JobRecord = {
      jobId: ids.next(),
      userId,
      code: "print(1)",
      stdin: "",
      limits: { wallMs: 1000, memoryMb: 128, outputBytes: 4096 },
      state: "queued",
      attempt: 1,
      createdAt: nowSeconds * 1000,
      expiresAt: nowSeconds + 3600,
    };
    expect(await admission.admit(job, { maxOpen: 1_000_000 })).toBeUndefined();
    // Ended the way a queued job ends (cancelled): final, as a finished one is.
    if (state === "finished") return (await store.end(job, "cancelled", { finishedAt: nowSeconds * 1000 }))!;
    return job;
  }

  it("sets and clears a title only for its owner", async () => {
    const job = await newJob();
    expect(await store.setTitle(job.jobId, "mallory", "x")).toBeUndefined();
    expect((await store.setTitle(job.jobId, "alice", "Named"))?.title).toBe("Named");
    expect((await store.get(job.jobId))?.title).toBe("Named");
    const cleared = await store.setTitle(job.jobId, "alice", null);
    expect(cleared).toBeDefined();
    expect(cleared).not.toHaveProperty("title");
    expect(await store.get(job.jobId)).not.toHaveProperty("title");
    expect(await store.setTitle(ids.next(), "alice", "absent")).toBeUndefined();
    expect(await store.get(job.jobId)).toMatchObject({ state: "cancelled", code: "print(1)" });
  });

  it("deletes only a final job of its owner", async () => {
    const queued = await newJob("queued");
    expect(await store.removeFinal(queued)).toBe(false);
    expect((await store.get(queued.jobId))?.state).toBe("queued");
    const done = await newJob();
    expect(await store.removeFinal({ jobId: done.jobId, userId: "mallory" })).toBe(false);
    expect(await store.get(done.jobId)).toBeDefined();
    expect(await store.removeFinal(done)).toBe(true);
    expect(await store.get(done.jobId)).toBeUndefined();
    expect(await store.removeFinal(done)).toBe(false);
  });

  it("points a final job at one share; a second pointer only replaces the one it names; clearing needs the same token", async () => {
    const queued = await newJob("queued");
    expect(await store.setShareToken(queued.jobId, "alice", randomToken())).toBeUndefined();
    const job = await newJob();
    const first = randomToken();
    expect(await store.setShareToken(job.jobId, "mallory", first)).toBeUndefined();
    expect((await store.setShareToken(job.jobId, "alice", first))?.shareToken).toBe(first);
    expect(await store.setShareToken(job.jobId, "alice", randomToken())).toBeUndefined(); // already shared
    const second = randomToken();
    expect((await store.setShareToken(job.jobId, "alice", second, first))?.shareToken).toBe(second);
    expect(await store.clearShareToken(job.jobId, "alice", first)).toBeUndefined();
    expect(await store.clearShareToken(job.jobId, "mallory", second)).toBeUndefined();
    expect(await store.clearShareToken(job.jobId, "alice", second)).not.toHaveProperty("shareToken");
    expect(await store.get(job.jobId)).not.toHaveProperty("shareToken");
  });

  it("stores share items by token, once per token, absent past their TTL, removed without error when missing", async () => {
    const token = randomToken();
    const share = {
      token,
      jobId: ids.next(),
      userId: "alice",
      createdAt: nowSeconds * 1000,
      expiresAt: nowSeconds + 60,
    };
    expect(await shares.put(share)).toBe(true);
    expect(await shares.put({ ...share, jobId: ids.next() })).toBe(false);
    expect(await shares.get(token)).toEqual(share);
    expect(await shares.get(randomToken())).toBeUndefined();
    nowSeconds += 61;
    expect(await shares.get(token)).toBeUndefined();
    nowSeconds -= 61;
    await shares.remove(token);
    expect(await shares.get(token)).toBeUndefined();
    await shares.remove(token);
  });
});
