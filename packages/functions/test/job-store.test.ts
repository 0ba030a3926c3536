import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@code-remote/core/errors";
import type { Result, SandboxRequest } from "@code-remote/core/execution";
import { Job, JobStore, OpenJobCounter, type Job as JobRecord } from "@code-remote/core/job";
import { ulidGenerator } from "@code-remote/core/ids";
import type { Sandbox } from "@code-remote/core/ports";
import { ensureTable, startDynamo, type DynamoEmulator } from "@code-remote/local/emulators/dynamo";

// The job store and runJob against a real DynamoDB-protocol server: conditional writes are the point.
let dynamo: DynamoEmulator;
let dir: string;
let store: JobStore;
let counter: OpenJobCounter;
let nowMs = Date.UTC(2026, 0, 1);
const clock = { now: () => nowMs };
const ids = ulidGenerator();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cr-store-"));
  dynamo = await startDynamo({ dir, port: 0, host: "127.0.0.1" });
  await ensureTable(dynamo.endpoint, "us-east-1", "jobs-test");
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  store = new JobStore(client, "jobs-test", () => Math.floor(clock.now() / 1000));
  counter = new OpenJobCounter(client, "jobs-test");
});

afterAll(async () => {
  await dynamo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const okResult: Result = {
  verdict: "ok",
  exitCode: 0,
  signal: null,
  stdout: "done\n",
  stderr: "",
  truncated: { stdout: false, stderr: false },
  error: null,
  usage: { wallMs: 5, cpuMs: 4, peakMemoryKb: 9000 },
};

async function newJob(userId = "user-a", overrides: Partial<JobRecord> = {}): Promise<JobRecord> {
  const job: JobRecord = {
    jobId: ids.next(),
    userId,
    code: "print('done')",
    stdin: "",
    limits: { wallMs: 1000, memoryMb: 128, outputBytes: 4096 },
    state: "queued",
    attempt: 1,
    createdAt: clock.now(),
    expiresAt: Math.floor(clock.now() / 1000) + 3600,
    ...overrides,
  };
  await store.create(job);
  return job;
}

class CountingSandbox implements Sandbox {
  runs: SandboxRequest[] = [];
  async run(request: SandboxRequest): Promise<Result> {
    this.runs.push(request);
    return okResult;
  }
}

describe("JobStore", () => {
  it("stores and reads a job; an expired job is absent", async () => {
    const job = await newJob();
    expect(await store.get(job.jobId)).toMatchObject({ jobId: job.jobId, state: "queued", limits: job.limits });
    const old = await newJob("user-a", { expiresAt: Math.floor(clock.now() / 1000) - 1 });
    expect(await store.get(old.jobId)).toBeUndefined();
  });

  it("refuses to create the same job twice", async () => {
    const job = await newJob();
    await expect(store.create(job)).rejects.toThrow();
  });

  it("a claim is a conditional write: only one of two claimers wins", async () => {
    const job = await newJob();
    const [a, b] = await Promise.all([
      store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 }),
      store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 }),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });

  it("a stale attempt can never overwrite a newer one", async () => {
    const job = await newJob();
    await store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 });
    const requeued = await store.transition(job.jobId, { to: "queued", from: ["running"], attempt: 1, set: { attempt: 2 } });
    expect(requeued?.attempt).toBe(2);
    await store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 2 });
    const stale = await store.transition(job.jobId, { to: "finished", from: ["running"], attempt: 1, set: { result: okResult } });
    expect(stale).toBeUndefined();
    expect((await store.get(job.jobId))?.state).toBe("running");
  });

  it("final states are final, and an illegal edge is refused before any write", async () => {
    const job = await newJob();
    await store.transition(job.jobId, { to: "cancelled" });
    expect(await store.transition(job.jobId, { to: "running" })).toBeUndefined();
    expect(await store.transition(job.jobId, { to: "failed" })).toBeUndefined();
    await expect(store.transition(job.jobId, { to: "running", from: ["finished"] })).rejects.toSatisfy((e) =>
      AppError.is(e, "INVALID_TRANSITION"),
    );
  });

  it("lists a user's jobs newest first, paginated, and only theirs", async () => {
    const user = `lister-${ids.next()}`;
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await newJob(user));
    await newJob(`other-${ids.next()}`);
    const first = await store.listByUser(user, { limit: 3 });
    expect(first.jobs.map((j) => j.jobId)).toEqual(made.slice(2).reverse().map((j) => j.jobId));
    expect(first.cursor).toBeTruthy();
    const second = await store.listByUser(user, { limit: 3, cursor: first.cursor! });
    expect(second.jobs.map((j) => j.jobId)).toEqual(made.slice(0, 2).reverse().map((j) => j.jobId));
  });

  it("a forged cursor is a 400, not a crash", async () => {
    await expect(store.listByUser("x", { limit: 3, cursor: "garbage!!" })).rejects.toSatisfy((e) =>
      AppError.is(e, "VALIDATION_FAILED"),
    );
  });
});

describe("Job.run", () => {
  const runDeps = (sandbox: Sandbox, seen: string[] = []) => ({
    jobs: store,
    openJobs: counter,
    sandbox,
    clock,
    onChange: async (job: JobRecord) => {
      seen.push(`${job.state}#${job.attempt}`);
    },
  });

  it("claims, runs once, finishes, and tells every change", async () => {
    const job = await newJob();
    const sandbox = new CountingSandbox();
    const seen: string[] = [];
    expect(await Job.run(runDeps(sandbox, seen), { jobId: job.jobId, userId: job.userId })).toBe("finished");
    expect(sandbox.runs).toHaveLength(1);
    expect(seen).toEqual(["running#1", "finished#1"]);
    expect(await store.get(job.jobId)).toMatchObject({ state: "finished", result: okResult });
  });

  it("a redelivered message for a final job is not run again, and its final state is told again", async () => {
    const job = await newJob();
    const sandbox = new CountingSandbox();
    await Job.run(runDeps(sandbox), { jobId: job.jobId, userId: job.userId });
    const seen: string[] = [];
    expect(await Job.run(runDeps(sandbox, seen), { jobId: job.jobId, userId: job.userId })).toBe("ignored");
    expect(sandbox.runs).toHaveLength(1);
    // The worker that finished it may have died before telling the owner.
    expect(seen).toEqual(["finished#1"]);
  });

  it("a delivery for a job left running by a dead worker requeues it with attempt + 1 and finishes it", async () => {
    const job = await newJob();
    await store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 });
    const seen: string[] = [];
    expect(await Job.run(runDeps(new CountingSandbox(), seen), { jobId: job.jobId, userId: job.userId })).toBe("finished");
    expect(seen).toEqual(["queued#2", "running#2", "finished#2"]);
  });

  it("ignores a message naming another user or a missing job", async () => {
    const job = await newJob();
    const sandbox = new CountingSandbox();
    expect(await Job.run(runDeps(sandbox), { jobId: job.jobId, userId: "intruder" })).toBe("ignored");
    expect(await Job.run(runDeps(sandbox), { jobId: ids.next(), userId: "user-a" })).toBe("ignored");
    expect(sandbox.runs).toHaveLength(0);
    expect(await store.get(job.jobId)).toMatchObject({ state: "queued", attempt: 1 });
  });

  it("a job cancelled while it ran is not overwritten by the result", async () => {
    const job = await newJob();
    const sandbox: Sandbox = {
      run: async () => {
        await store.transition(job.jobId, { to: "cancelled" });
        return okResult;
      },
    };
    expect(await Job.run(runDeps(sandbox), { jobId: job.jobId, userId: job.userId })).toBe("ignored");
    expect((await store.get(job.jobId))?.state).toBe("cancelled");
  });
});

describe("OpenJobCounter (the per-user limit on jobs waiting or running)", () => {
  const full = (e: unknown) => AppError.is(e, "TOO_MANY_JOBS");

  it("admits up to the limit, refuses the next, and admits again after a release", async () => {
    const user = `open-${ids.next()}`;
    let recounts = 0;
    const recount = async () => (recounts++, 3);
    for (let i = 0; i < 3; i++) await counter.admit(user, 3, recount);
    await expect(counter.admit(user, 3, recount)).rejects.toSatisfy(full);
    expect(recounts).toBe(1); // "full" is checked against the jobs before refusing
    await counter.release(user);
    await counter.admit(user, 3, recount);
    expect(await counter.count(user)).toBe(3);
  });

  it("a counter that drifted up is reset from the recount instead of locking the user out", async () => {
    const user = `drift-${ids.next()}`;
    for (let i = 0; i < 2; i++) await counter.admit(user, 2, async () => 0);
    // Both jobs ended, but their releases were lost (a worker died after the final writes).
    await counter.admit(user, 2, async () => 0);
    expect(await counter.count(user)).toBe(1);
  });

  it("admits atomically: of 10 submits at once with 4 places, exactly 4 get one", async () => {
    const user = `race-${ids.next()}`;
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => counter.admit(user, 4, async () => 4)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(4);
    expect(await counter.count(user)).toBe(4);
  });

  it("never goes below zero", async () => {
    const user = `floor-${ids.next()}`;
    await counter.release(user);
    await counter.admit(user, 1, async () => 0);
    await counter.release(user);
    await counter.release(user);
    expect(await counter.count(user)).toBe(0);
  });

  it("a finished run gives its place back", async () => {
    const job = await newJob(`run-${ids.next()}`);
    await counter.admit(job.userId, 5, async () => 0);
    const deps = { jobs: store, openJobs: counter, sandbox: new CountingSandbox(), clock, onChange: async () => {} };
    expect(await Job.run(deps, { jobId: job.jobId, userId: job.userId })).toBe("finished");
    expect(await counter.count(job.userId)).toBe(0);
    // A redelivery of the finished job gives nothing back twice.
    await counter.admit(job.userId, 5, async () => 0);
    expect(await Job.run(deps, { jobId: job.jobId, userId: job.userId })).toBe("ignored");
    expect(await counter.count(job.userId)).toBe(1);
  });

  it("a cancelled job and a failed one give their places back, once", async () => {
    const user = `end-${ids.next()}`;
    const [a, b] = [await newJob(user), await newJob(user)];
    for (let i = 0; i < 2; i++) await counter.admit(user, 5, async () => 0);
    const deps = { jobs: store, openJobs: counter, clock, onChange: async () => {} };
    await Job.cancel(deps, user, a.jobId);
    expect(await counter.count(user)).toBe(1);
    await Job.fail(deps, { jobId: b.jobId, userId: user }, "gave up");
    expect(await counter.count(user)).toBe(0);
    await counter.admit(user, 5, async () => 0);
    expect(await Job.fail(deps, { jobId: b.jobId, userId: user }, "again")).toBeUndefined();
    expect(await counter.count(user)).toBe(1);
  });
});
