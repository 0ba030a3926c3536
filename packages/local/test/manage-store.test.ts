import { describe, expect, it } from "vitest";
import type { Job as JobRecord } from "@code-remote/core/job";
import { randomToken } from "@code-remote/core/ids";
import { DYNAMO_BACKENDS } from "../src/emulators/dynamodb-local";
import { useJobTable } from "./support/job-table";

// The writes of history management and sharing (title patch, conditional delete of a final job, the
// share pointer, share items keyed by token) against our server and AWS's DynamoDB Local, the referee.
describe.each(DYNAMO_BACKENDS)("rename, delete and share writes on $name", (backend) => {
  const db = useJobTable(backend, "manage-test");
  const { clock, ids } = db;

  async function newJob(state: "queued" | "finished" = "finished", userId = "alice"): Promise<JobRecord> {
    const job = await db.newJob(userId, { code: "print(1)" });
    // Ended the way a queued job ends (cancelled): final, as a finished one is.
    if (state === "finished") return (await db.store.end(job, "cancelled", { finishedAt: clock.now() }))!;
    return job;
  }

  it("sets and clears a title only for its owner", async () => {
    const job = await newJob();
    expect(await db.store.setTitle(job.jobId, "mallory", "x")).toBeUndefined();
    expect((await db.store.setTitle(job.jobId, "alice", "Named"))?.title).toBe("Named");
    expect((await db.store.get(job.jobId))?.title).toBe("Named");
    const cleared = await db.store.setTitle(job.jobId, "alice", null);
    expect(cleared).toBeDefined();
    expect(cleared).not.toHaveProperty("title");
    expect(await db.store.get(job.jobId)).not.toHaveProperty("title");
    expect(await db.store.setTitle(ids.next(), "alice", "absent")).toBeUndefined();
    expect(await db.store.get(job.jobId)).toMatchObject({ state: "cancelled", code: "print(1)" });
  });

  it("deletes only a final job of its owner", async () => {
    const queued = await newJob("queued");
    expect(await db.store.removeFinal(queued)).toBe(false);
    expect((await db.store.get(queued.jobId))?.state).toBe("queued");
    const done = await newJob();
    expect(await db.store.removeFinal({ jobId: done.jobId, userId: "mallory" })).toBe(false);
    expect(await db.store.get(done.jobId)).toBeDefined();
    expect(await db.store.removeFinal(done)).toBe(true);
    expect(await db.store.get(done.jobId)).toBeUndefined();
    expect(await db.store.removeFinal(done)).toBe(false);
  });

  it("points a final job at one share; a second pointer only replaces the one it names; clearing needs the same token", async () => {
    const queued = await newJob("queued");
    expect(await db.store.setShareToken(queued.jobId, "alice", randomToken())).toBeUndefined();
    const job = await newJob();
    const first = randomToken();
    expect(await db.store.setShareToken(job.jobId, "mallory", first)).toBeUndefined();
    expect((await db.store.setShareToken(job.jobId, "alice", first))?.shareToken).toBe(first);
    expect(await db.store.setShareToken(job.jobId, "alice", randomToken())).toBeUndefined(); // already shared
    const second = randomToken();
    expect((await db.store.setShareToken(job.jobId, "alice", second, first))?.shareToken).toBe(second);
    expect(await db.store.clearShareToken(job.jobId, "alice", first)).toBeUndefined();
    expect(await db.store.clearShareToken(job.jobId, "mallory", second)).toBeUndefined();
    expect(await db.store.clearShareToken(job.jobId, "alice", second)).not.toHaveProperty("shareToken");
    expect(await db.store.get(job.jobId)).not.toHaveProperty("shareToken");
  });

  it("stores share items by token, once per token, absent past their TTL, removed without error when missing", async () => {
    const token = randomToken();
    const share = {
      token,
      jobId: ids.next(),
      userId: "alice",
      createdAt: clock.now(),
      expiresAt: Math.floor(clock.now() / 1000) + 60,
    };
    expect(await db.shares.put(share)).toBe(true);
    expect(await db.shares.put({ ...share, jobId: ids.next() })).toBe(false);
    expect(await db.shares.get(token)).toEqual(share);
    expect(await db.shares.get(randomToken())).toBeUndefined();
    clock.advance(61_000);
    expect(await db.shares.get(token)).toBeUndefined();
    clock.advance(-61_000);
    await db.shares.remove(token);
    expect(await db.shares.get(token)).toBeUndefined();
    await db.shares.remove(token);
  });
});
