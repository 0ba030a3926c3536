import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@code-remote/core/errors";
import { platformResult, type Result, type SandboxRequest, type Trace } from "@code-remote/core/execution";
import { compactResult, Job, type Job as JobRecord } from "@code-remote/core/job";
import type { Sandbox } from "@code-remote/core/ports";
import { S3ObjectStore } from "@code-remote/functions/adapters/s3-object-store";
import { DYNAMO_BACKENDS } from "../src/emulators/dynamodb-local";
import { ensureBucket } from "../src/emulators/s3";
import { startSqs, type SqsEmulator } from "../src/emulators/sqs";
import { LOCAL_CREDENTIALS } from "../src/net";
import { CountingSandbox, okResult, useJobTable } from "./support/job-table";

// Job.run against a real DynamoDB-protocol server, on our server and on AWS's DynamoDB Local (the
// referee), as job-store.test.ts: the claim, the run, the final write, and what goes to the bucket.
describe.each(DYNAMO_BACKENDS)("on $name", (backend) => {
  const db = useJobTable(backend, "jobs-test");
  const { clock, ids, newJob } = db;
  // Trace objects go to fauxqs's S3, as in the local stack.
  let fauxqs: SqsEmulator;
  let s3: S3Client;
  let objects: S3ObjectStore;

  beforeAll(async () => {
    fauxqs = await startSqs({ port: 0, host: "127.0.0.1" });
    await ensureBucket(fauxqs.endpoint, "us-east-1", "objects-test");
    s3 = new S3Client({
      endpoint: fauxqs.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
    });
    objects = new S3ObjectStore(s3, "objects-test");
  });

  afterAll(async () => {
    s3?.destroy();
    await fauxqs?.stop();
  });

  describe("Job.run", () => {
    const runDeps = (sandbox: Sandbox, seen: string[] = []) => ({
      jobs: db.store,
      openJobs: db.counter,
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
      expect(await db.store.get(job.jobId)).toMatchObject({ state: "finished", result: okResult });
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
      await db.store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 });
      const seen: string[] = [];
      expect(await Job.run(runDeps(new CountingSandbox(), seen), { jobId: job.jobId, userId: job.userId })).toBe(
        "finished",
      );
      expect(seen).toEqual(["queued#2", "running#2", "finished#2"]);
    });

    /** A sandbox whose every run is a platform fault that used `ms` of the delivery's time (`left`). */
    const faulting = (ms: number, left: { ms: number }) => {
      const runs: SandboxRequest[] = [];
      const sandbox: Sandbox = {
        run: async (request) => {
          runs.push(request);
          left.ms -= ms;
          return platformResult("internal_error", "the sandbox did not answer in time", ms);
        },
      };
      return { runs, sandbox };
    };

    it("a platform fault is tried again at once in the same delivery, with a new attempt, up to 3", async () => {
      const job = await newJob();
      const { runs, sandbox } = faulting(100, { ms: 0 });
      const seen: string[] = [];
      expect(await Job.run(runDeps(sandbox, seen), { jobId: job.jobId, userId: job.userId })).toBe("finished");
      expect(runs).toHaveLength(3);
      expect(seen).toEqual(["running#1", "queued#2", "running#2", "queued#3", "running#3", "finished#3"]);
      expect(await db.store.get(job.jobId)).toMatchObject({
        state: "finished",
        attempt: 3,
        result: { verdict: "internal_error", message: "the sandbox did not answer in time" },
      });
    });

    it("a platform fault is not tried again when one more attempt could outlast the delivery: the job ends, saying so", async () => {
      // The job's longest run is its 1 s wall limit plus the drivers' 10 s grace, and the writes after it:
      // 35 s left after the first 25 s fault holds another attempt, 10 s after the second does not.
      const job = await newJob();
      const left = { ms: 60_000 };
      const { runs, sandbox } = faulting(25_000, left);
      const seen: string[] = [];
      expect(
        await Job.run(
          { ...runDeps(sandbox, seen), timeLeftMs: () => left.ms },
          { jobId: job.jobId, userId: job.userId },
        ),
      ).toBe("finished");
      expect(runs).toHaveLength(2);
      expect(seen).toEqual(["running#1", "queued#2", "running#2", "finished#2"]);
      const ended = await db.store.get(job.jobId);
      expect(ended).toMatchObject({ state: "finished", attempt: 2, result: { verdict: "internal_error" } });
      expect(ended?.result?.message).toBe(
        "the sandbox did not answer in time; not tried again: too little of the worker's time was left for another attempt",
      );
    });

    it("ignores a message naming another user or a missing job", async () => {
      const job = await newJob();
      const sandbox = new CountingSandbox();
      expect(await Job.run(runDeps(sandbox), { jobId: job.jobId, userId: "intruder" })).toBe("ignored");
      expect(await Job.run(runDeps(sandbox), { jobId: ids.next(), userId: "user-a" })).toBe("ignored");
      expect(sandbox.runs).toHaveLength(0);
      expect(await db.store.get(job.jobId)).toMatchObject({ state: "queued", attempt: 1 });
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
        run: async (request) => {
          seen.push(request);
          return { ...(await sandbox.run(request)), trace };
        },
      };
      expect(await Job.run({ ...runDeps(recording), objects }, { jobId: job.jobId, userId: job.userId })).toBe(
        "finished",
      );
      expect(seen[0]?.mode).toBe("trace");
      const stored = await db.store.get(job.jobId);
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
      const stored = await db.store.get(job.jobId);
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
      const stored = await db.store.get(job.jobId);
      expect(stored?.state).toBe("finished");
      expect(stored?.trace).toBeUndefined();
      expect(stored?.result).toEqual({ ...okResult, message: "the trace could not be stored" });
      expect(warnings).toEqual(["the trace could not be stored"]);
    });

    it("a trace run cancelled after its trace was written leaves no object behind", async () => {
      const job = await newJob("user-a", { mode: "trace" });
      const cancelling: Sandbox = {
        run: async () => {
          await db.store.transition(job.jobId, { to: "cancelled" });
          return { ...okResult, trace };
        },
      };
      expect(await Job.run({ ...runDeps(cancelling), objects }, { jobId: job.jobId, userId: job.userId })).toBe(
        "ignored",
      );
      expect((await db.store.get(job.jobId))?.state).toBe("cancelled");
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
      const stored = await db.store.get(job.jobId);
      const key = `results/user-a/${job.jobId}.json`;
      expect(stored?.resultObject).toEqual({ key, bytes: Buffer.byteLength(JSON.stringify(large)) });
      expect(stored?.result).toEqual(compactResult(large));
      expect(stored?.result?.omittedImages).toBe(1);
      expect(JSON.parse(await text(key))).toEqual(large);
      // GET /jobs/:id's read: the whole result for the owner, JOB_NOT_FOUND for anyone else.
      expect((await Job.getWhole({ jobs: db.store, objects }, "user-a", job.jobId)).result).toEqual(large);
      await expect(Job.getWhole({ jobs: db.store, objects }, "user-b", job.jobId)).rejects.toSatisfy((e) =>
        AppError.is(e, "JOB_NOT_FOUND"),
      );
      // Without its object (removed early), the compact result is what there is.
      await objects.delete(key);
      expect((await Job.getWhole({ jobs: db.store, objects }, "user-a", job.jobId)).result).toEqual(
        compactResult(large),
      );
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
      const stored = await db.store.get(job.jobId);
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
          await db.store.transition(job.jobId, { to: "cancelled" });
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
          await db.store.transition(job.jobId, { to: "cancelled" });
          return okResult;
        },
      };
      expect(await Job.run(runDeps(sandbox), { jobId: job.jobId, userId: job.userId })).toBe("ignored");
      expect((await db.store.get(job.jobId))?.state).toBe("cancelled");
    });
  });
});
