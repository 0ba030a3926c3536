import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@code-remote/core/errors";
import type { Result, SandboxRequest } from "@code-remote/core/execution";
import {
  compactResult,
  Job,
  JobAdmission,
  JobStore,
  OpenJobCounter,
  type Job as JobRecord,
} from "@code-remote/core/job";
import { ulidGenerator } from "@code-remote/core/ids";
import { createTable } from "@code-remote/core/store";
import type { Sandbox } from "@code-remote/core/ports";
import { ensureTable, type DynamoEmulator } from "../src/emulators/dynamo";
import { DYNAMO_BACKENDS } from "../src/emulators/dynamodb-local";
import { ensureBucket } from "../src/emulators/s3";
import { startSqs, type SqsEmulator } from "../src/emulators/sqs";
import { S3Client } from "@aws-sdk/client-s3";
import type { Trace } from "@code-remote/core/execution";
import { S3ObjectStore } from "@code-remote/functions/adapters/s3-object-store";

// The job store and runJob against a real DynamoDB-protocol server: conditional writes and transactions
// are the point. Each test runs on our server (what `npm start` uses) and on AWS's DynamoDB Local (the
// referee), so the store's expectations of DynamoDB are checked on AWS's own implementation.
describe.each(DYNAMO_BACKENDS)("on $name", (backend) => {
  let dynamo: DynamoEmulator;
  let dir: string;
  let store: JobStore;
  let counter: OpenJobCounter;
  let admission: JobAdmission;
  let client: DynamoDBClient;
  // Trace objects go to fauxqs's S3, as in the local stack.
  let fauxqs: SqsEmulator;
  let s3: S3Client;
  let objects: S3ObjectStore;
  let nowMs = Date.UTC(2026, 0, 1);
  const clock = { now: () => nowMs };
  const ids = ulidGenerator();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cr-store-"));
    dynamo = await backend.start(dir);
    await ensureTable(dynamo.endpoint, "us-east-1", "jobs-test");
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    store = new JobStore(createTable(client, "jobs-test"), () => Math.floor(clock.now() / 1000));
    counter = new OpenJobCounter(createTable(client, "jobs-test"));
    admission = new JobAdmission(createTable(client, "jobs-test"));
    fauxqs = await startSqs({ port: 0, host: "127.0.0.1" });
    await ensureBucket(fauxqs.endpoint, "us-east-1", "objects-test");
    s3 = new S3Client({
      endpoint: fauxqs.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    objects = new S3ObjectStore(s3, "objects-test");
  });

  afterAll(async () => {
    s3?.destroy();
    await fauxqs?.stop();
    client?.destroy();
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
    // Stored the one way jobs are stored: admitted (the places are plenty here).
    expect(await admission.admit(job, { maxOpen: 1_000_000 })).toBeUndefined();
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

    it("keeps expiresAt as the table's TTL attribute wants it: a Number of epoch seconds", async () => {
      // A table of its own with TTL on, as infra/storage.ts declares it (the shared one keeps TTL off: the
      // fixed clock's expiry times lie in the real past).
      const table = "jobs-ttl";
      await ensureTable(dynamo.endpoint, "us-east-1", table);
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table,
          TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
        }),
      );
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table }));
      expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
      const job: JobRecord = {
        ...(await newJob()),
        jobId: ids.next(),
        expiresAt: Math.floor(Date.now() / 1000) + 7 * 24 * 3600,
      };
      expect(await new JobAdmission(createTable(client, table)).admit(job, { maxOpen: 10 })).toBeUndefined();
      const { Items } = await client.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: "jobId = :id",
          ExpressionAttributeValues: { ":id": { S: job.jobId } },
        }),
      );
      expect(Items?.map((i) => i.expiresAt)).toEqual([{ N: String(job.expiresAt) }]);
    });

    it("refuses to create the same job twice", async () => {
      const job = await newJob();
      await expect(admission.admit(job, { maxOpen: 1_000_000 })).rejects.toThrow();
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
      const requeued = await store.transition(job.jobId, {
        to: "queued",
        from: ["running"],
        attempt: 1,
        set: { attempt: 2 },
      });
      expect(requeued?.attempt).toBe(2);
      await store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 2 });
      const stale = await store.transition(job.jobId, {
        to: "finished",
        from: ["running"],
        attempt: 1,
        set: { result: okResult },
      });
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
      expect(first.jobs.map((j) => j.jobId)).toEqual(
        made
          .slice(2)
          .reverse()
          .map((j) => j.jobId),
      );
      expect(first.cursor).toBeTruthy();
      const second = await store.listByUser(user, { limit: 3, cursor: first.cursor! });
      expect(second.jobs.map((j) => j.jobId)).toEqual(
        made
          .slice(0, 2)
          .reverse()
          .map((j) => j.jobId),
      );
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
      expect(await Job.run(runDeps(new CountingSandbox(), seen), { jobId: job.jobId, userId: job.userId })).toBe(
        "finished",
      );
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

    const trace: Trace = {
      steps: [
        { event: "line", line: 1, stack: [{ name: "<module>", line: 1, locals: [] }], heap: {}, stdoutLength: 0 },
      ],
      truncated: false,
      lineCounts: { "1": 1 },
    };
    const tracing: Sandbox = { run: async () => ({ ...okResult, trace }) };
    const text = async (key: string) => new Response((await objects.get(key))!.body).text();

    it("a trace run: the trace goes to the bucket, the job keeps a pointer, the item no trace; the sandbox is asked for mode trace", async () => {
      const job = await newJob("user-a", { mode: "trace" });
      const sandbox = new CountingSandbox();
      const seen: SandboxRequest[] = [];
      const recording: Sandbox = {
        run: async (request) => (seen.push(request), { ...(await sandbox.run(request)), trace }),
      };
      expect(await Job.run({ ...runDeps(recording), objects }, { jobId: job.jobId, userId: job.userId })).toBe(
        "finished",
      );
      expect(seen[0]?.mode).toBe("trace");
      const stored = await store.get(job.jobId);
      expect(stored?.trace).toEqual({
        key: `traces/user-a/${job.jobId}.json`,
        bytes: JSON.stringify(trace).length,
        steps: 1,
        truncated: false,
      });
      expect(stored?.result).toEqual(okResult);
      expect(JSON.parse(await text(stored!.trace!.key))).toEqual(trace);
    });

    it("a run-mode job keeps no trace even if a sandbox returned one", async () => {
      const job = await newJob("user-a", { mode: "run" });
      expect(await Job.run({ ...runDeps(tracing), objects }, { jobId: job.jobId, userId: job.userId })).toBe(
        "finished",
      );
      const stored = await store.get(job.jobId);
      expect(stored?.trace).toBeUndefined();
      expect(stored?.result).toEqual(okResult);
      expect(await objects.get(`traces/user-a/${job.jobId}.json`)).toBeUndefined();
    });

    it("a trace the bucket refuses (no such bucket) ends the job without a pointer, and its result says so", async () => {
      const job = await newJob("user-a", { mode: "trace" });
      const refusing = new S3ObjectStore(s3, "no-such-bucket");
      const warnings: string[] = [];
      const deps = { ...runDeps(tracing), objects: refusing, warn: (m: string) => void warnings.push(m) };
      expect(await Job.run(deps, { jobId: job.jobId, userId: job.userId })).toBe("finished");
      const stored = await store.get(job.jobId);
      expect(stored?.state).toBe("finished");
      expect(stored?.trace).toBeUndefined();
      expect(stored?.result).toEqual({ ...okResult, message: "the trace could not be stored" });
      expect(warnings).toEqual(["the trace could not be stored"]);
    });

    it("a trace run cancelled after its trace was written leaves no object behind", async () => {
      const job = await newJob("user-a", { mode: "trace" });
      const cancelling: Sandbox = {
        run: async () => {
          await store.transition(job.jobId, { to: "cancelled" });
          return { ...okResult, trace };
        },
      };
      expect(await Job.run({ ...runDeps(cancelling), objects }, { jobId: job.jobId, userId: job.userId })).toBe(
        "ignored",
      );
      expect((await store.get(job.jobId))?.state).toBe("cancelled");
      expect(await objects.get(`traces/user-a/${job.jobId}.json`)).toBeUndefined();
    });

    // 10,000 lines (~520 KB) and a figure: more than a job's table item holds.
    const large: Result = {
      ...okResult,
      stdout: Array.from({ length: 10_000 }, (_, i) => `line ${String(i).padStart(5, "0")} ${"x".repeat(40)}\n`).join(
        "",
      ),
      images: [{ name: "figure-1.png", mime: "image/png", width: 10, height: 10, base64: "A".repeat(100_000) }],
    };
    const largeSandbox: Sandbox = { run: async () => large };

    it("a result too large for the item is stored whole as an object; the item keeps the compact one and a pointer", async () => {
      const job = await newJob("user-a");
      expect(await Job.run({ ...runDeps(largeSandbox), objects }, { jobId: job.jobId, userId: job.userId })).toBe(
        "finished",
      );
      const stored = await store.get(job.jobId);
      const key = `results/user-a/${job.jobId}.json`;
      expect(stored?.resultObject).toEqual({ key, bytes: Buffer.byteLength(JSON.stringify(large)) });
      expect(stored?.result).toEqual(compactResult(large));
      expect(stored?.result?.omittedImages).toBe(1);
      expect(JSON.parse(await text(key))).toEqual(large);
      // GET /jobs/:id's read: the whole result for the owner, JOB_NOT_FOUND for anyone else.
      expect((await Job.getWhole({ jobs: store, objects }, "user-a", job.jobId)).result).toEqual(large);
      await expect(Job.getWhole({ jobs: store, objects }, "user-b", job.jobId)).rejects.toSatisfy((e) =>
        AppError.is(e, "JOB_NOT_FOUND"),
      );
      // Without its object (removed early), the compact result is what there is.
      await objects.delete(key);
      expect((await Job.getWhole({ jobs: store, objects }, "user-a", job.jobId)).result).toEqual(compactResult(large));
    });

    it("a large result the bucket refuses ends the job with the compact result, no pointer, and says so", async () => {
      const job = await newJob("user-a");
      const warnings: string[] = [];
      const deps = {
        ...runDeps(largeSandbox),
        objects: new S3ObjectStore(s3, "no-such-bucket"),
        warn: (m: string) => void warnings.push(m),
      };
      expect(await Job.run(deps, { jobId: job.jobId, userId: job.userId })).toBe("finished");
      const stored = await store.get(job.jobId);
      expect(stored?.resultObject).toBeUndefined();
      expect(stored?.result).toEqual({
        ...compactResult(large),
        message: "the whole output could not be stored: only its first lines are kept",
      });
      expect(warnings).toEqual(["the whole result could not be stored"]);
    });

    it("a job cancelled after its large result was written leaves no object behind", async () => {
      const job = await newJob("user-a");
      const cancelling: Sandbox = {
        run: async () => {
          await store.transition(job.jobId, { to: "cancelled" });
          return large;
        },
      };
      expect(await Job.run({ ...runDeps(cancelling), objects }, { jobId: job.jobId, userId: job.userId })).toBe(
        "ignored",
      );
      expect(await objects.get(`results/user-a/${job.jobId}.json`)).toBeUndefined();
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

  describe("Job admission (open-jobs place + the job, one transaction)", () => {
    const full = (e: unknown) => AppError.is(e, "TOO_MANY_JOBS");
    const queued: string[] = [];
    const submitDeps = (maxQueuedPerUser: number) => ({
      jobs: store,
      openJobs: counter,
      admission,
      clock,
      ids,
      maxQueuedPerUser,
      queue: { enqueue: async (m: { jobId: string }) => void queued.push(m.jobId) },
    });
    const code = { code: "print(1)" };
    const endDeps = () => ({ jobs: store, openJobs: counter, clock, onChange: async () => {} });

    it("admits up to the limit, refuses the next, and admits again once a job ends", async () => {
      const user = `open-${ids.next()}`;
      const deps = submitDeps(3);
      const jobs = [];
      for (let i = 0; i < 3; i++) jobs.push(await Job.submit(deps, user, code));
      await expect(Job.submit(deps, user, code)).rejects.toSatisfy(full);
      expect(await counter.count(user)).toBe(3);
      await Job.cancel(endDeps(), user, jobs[0]!.jobId);
      await Job.submit(deps, user, code);
      expect(await counter.count(user)).toBe(3);
      expect(queued).toContain(jobs[2]!.jobId);
    });

    it("a counter that drifted up is reset from the jobs instead of locking the user out", async () => {
      const user = `drift-${ids.next()}`;
      await counter.reset(user, 2); // two jobs ended, but their releases were lost (a worker died)
      await Job.submit(submitDeps(2), user, code);
      expect(await counter.count(user)).toBe(1);
    });

    it("admits atomically: of 10 submits at once with 4 places, exactly 4 are stored", async () => {
      const user = `race-${ids.next()}`;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => Job.submit(submitDeps(4), user, code)),
      );
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(4);
      expect(
        outcomes.filter((o) => o.status === "rejected").every((o) => full((o as PromiseRejectedResult).reason)),
      ).toBe(true);
      expect(await counter.count(user)).toBe(4);
      expect((await store.listByUser(user, { limit: 20 })).jobs).toHaveLength(4);
    });

    it("never goes below zero", async () => {
      const user = `floor-${ids.next()}`;
      await counter.release(user);
      await counter.reset(user, 1);
      await counter.release(user);
      await counter.release(user);
      expect(await counter.count(user)).toBe(0);
    });

    it("a finished run gives its place back, once", async () => {
      const job = await Job.submit(submitDeps(5), `run-${ids.next()}`, code);
      const deps = { jobs: store, openJobs: counter, sandbox: new CountingSandbox(), clock, onChange: async () => {} };
      expect(await counter.count(job.userId)).toBe(1);
      expect(await Job.run(deps, { jobId: job.jobId, userId: job.userId })).toBe("finished");
      expect(await counter.count(job.userId)).toBe(0);
      // A redelivery of the finished job gives nothing back twice.
      await counter.reset(job.userId, 1);
      expect(await Job.run(deps, { jobId: job.jobId, userId: job.userId })).toBe("ignored");
      expect(await counter.count(job.userId)).toBe(1);
    });

    it("a cancelled job and a failed one give their places back, once", async () => {
      const user = `end-${ids.next()}`;
      const [a, b] = [await Job.submit(submitDeps(5), user, code), await Job.submit(submitDeps(5), user, code)];
      await Job.cancel(endDeps(), user, a.jobId);
      expect(await counter.count(user)).toBe(1);
      await Job.fail(endDeps(), { jobId: b.jobId, userId: user }, "gave up");
      expect(await counter.count(user)).toBe(0);
      await counter.reset(user, 1);
      expect(await Job.fail(endDeps(), { jobId: b.jobId, userId: user }, "again")).toBeUndefined();
      expect(await counter.count(user)).toBe(1);
    });
  });

  describe("Ending a job (its final write and its place given back, one transaction)", () => {
    const submitDeps = () => ({
      jobs: store,
      openJobs: counter,
      admission,
      clock,
      ids,
      maxQueuedPerUser: 5,
      queue: { enqueue: async () => {} },
    });
    const code = { code: "print(1)" };

    it("gives the place back with the final write, and returns exactly what is stored", async () => {
      const job = await Job.submit(submitDeps(), `end-${ids.next()}`, code);
      const claimed = (await store.transition(job.jobId, {
        to: "running",
        from: ["queued"],
        attempt: 1,
        set: { startedAt: 5 },
      }))!;
      expect(await counter.count(job.userId)).toBe(1);
      const ended = await store.end(claimed, "finished", { result: okResult, finishedAt: 9 });
      expect(ended).toEqual(await store.get(job.jobId));
      expect(ended).toMatchObject({ state: "finished", attempt: 1, startedAt: 5, finishedAt: 9, result: okResult });
      expect(await counter.count(job.userId)).toBe(0);
    });

    it("writes nothing when the job changed since it was read (a stale attempt, a cancel)", async () => {
      const job = await Job.submit(submitDeps(), `stale-${ids.next()}`, code);
      const claimed = (await store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 }))!;
      await store.transition(job.jobId, { to: "queued", from: ["running"], attempt: 1, set: { attempt: 2 } });
      expect(await store.end(claimed, "finished", { result: okResult })).toBeUndefined();
      expect(await store.get(job.jobId)).toMatchObject({ state: "queued", attempt: 2 });
      expect(await counter.count(job.userId)).toBe(1);
    });

    it("still ends the job when the counter has nothing to give back", async () => {
      const job = await Job.submit(submitDeps(), `zero-${ids.next()}`, code);
      await counter.reset(job.userId, 0);
      const ended = await store.end(job, "cancelled", { reason: "r" });
      expect(ended).toMatchObject({ state: "cancelled", reason: "r" });
      expect((await store.get(job.jobId))?.state).toBe("cancelled");
      expect(await counter.count(job.userId)).toBe(0);
    });

    it("refuses a state that is not final, before any write", async () => {
      const job = await newJob();
      await expect(store.end(job, "running")).rejects.toSatisfy((e) => AppError.is(e, "INVALID_TRANSITION"));
    });

    it("a cancel that read the job just before a worker claimed it reads again and cancels the running job", async () => {
      const job = await Job.submit(submitDeps(), `race-${ids.next()}`, code);
      const stale = (await store.get(job.jobId))!;
      await store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 });
      let reads = 0;
      // The first read returns the job as it was before the claim.
      const racing = Object.assign(Object.create(store) as JobStore, {
        get: async (id: string) => (reads++ === 0 ? stale : store.get(id)),
      });
      const cancelled = await Job.cancel({ jobs: racing, clock, onChange: async () => {} }, job.userId, job.jobId);
      expect(reads).toBe(2);
      expect(cancelled).toMatchObject({ state: "cancelled", attempt: 1 });
      expect(await counter.count(job.userId)).toBe(0);
    });
  });
});
