import { DescribeTimeToLiveCommand, ScanCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { AppError } from "@code-remote/core/errors";
import { Job, JobAdmission, type JobStore, type Job as JobRecord } from "@code-remote/core/job";
import { createTable } from "@code-remote/core/store";
import { ensureTable } from "../src/emulators/dynamo";
import { DYNAMO_BACKENDS } from "../src/emulators/dynamodb-local";
import { CountingSandbox, okResult, useJobTable } from "./support/job-table";

// The job store, admission and a job's end against a real DynamoDB-protocol server: conditional writes
// and transactions are the point. Each test runs on our server (what `npm start` uses) and on AWS's
// DynamoDB Local (the referee), so the store's expectations of DynamoDB are checked on AWS's own
// implementation. Job.run on the same table: job-run.test.ts.
describe.each(DYNAMO_BACKENDS)("on $name", (backend) => {
  const db = useJobTable(backend, "jobs-test");
  const { clock, ids, newJob } = db;

  describe("JobStore", () => {
    it("stores and reads a job; an expired job is absent", async () => {
      const job = await newJob();
      expect(await db.store.get(job.jobId)).toMatchObject({ jobId: job.jobId, state: "queued", limits: job.limits });
      const old = await newJob("user-a", { expiresAt: Math.floor(clock.now() / 1000) - 1 });
      expect(await db.store.get(old.jobId)).toBeUndefined();
    });

    it("keeps expiresAt as the table's TTL attribute wants it: a Number of epoch seconds", async () => {
      // A table of its own with TTL on, as infra/storage.ts declares it (the shared one keeps TTL off: the
      // fixed clock's expiry times lie in the real past).
      const table = "jobs-ttl";
      await ensureTable(db.dynamo.endpoint, "us-east-1", table);
      await db.client.send(
        new UpdateTimeToLiveCommand({
          TableName: table,
          TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
        }),
      );
      const ttl = await db.client.send(new DescribeTimeToLiveCommand({ TableName: table }));
      expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
      const job: JobRecord = {
        ...(await newJob()),
        jobId: ids.next(),
        expiresAt: Math.floor(Date.now() / 1000) + 7 * 24 * 3600,
      };
      expect(await new JobAdmission(createTable(db.client, table)).admit(job, { maxOpen: 10 })).toBeUndefined();
      const { Items } = await db.client.send(
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
      await expect(db.admission.admit(job, { maxOpen: 1_000_000 })).rejects.toThrow();
    });

    it("a claim is a conditional write: only one of two claimers wins", async () => {
      const job = await newJob();
      const [a, b] = await Promise.all([
        db.store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 }),
        db.store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 }),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
    });

    it("a stale attempt can never overwrite a newer one", async () => {
      const job = await newJob();
      await db.store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 });
      const requeued = await db.store.transition(job.jobId, {
        to: "queued",
        from: ["running"],
        attempt: 1,
        set: { attempt: 2 },
      });
      expect(requeued?.attempt).toBe(2);
      await db.store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 2 });
      const stale = await db.store.transition(job.jobId, {
        to: "finished",
        from: ["running"],
        attempt: 1,
        set: { result: okResult },
      });
      expect(stale).toBeUndefined();
      expect((await db.store.get(job.jobId))?.state).toBe("running");
    });

    it("final states are final, and an illegal edge is refused before any write", async () => {
      const job = await newJob();
      await db.store.transition(job.jobId, { to: "cancelled" });
      expect(await db.store.transition(job.jobId, { to: "running" })).toBeUndefined();
      expect(await db.store.transition(job.jobId, { to: "failed" })).toBeUndefined();
      await expect(db.store.transition(job.jobId, { to: "running", from: ["finished"] })).rejects.toSatisfy((e) =>
        AppError.is(e, "INVALID_TRANSITION"),
      );
    });

    it("lists a user's jobs newest first, paginated, and only theirs", async () => {
      const user = `lister-${ids.next()}`;
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await newJob(user));
      await newJob(`other-${ids.next()}`);
      const first = await db.store.listByUser(user, { limit: 3 });
      expect(first.jobs.map((j) => j.jobId)).toEqual(
        made
          .slice(2)
          .reverse()
          .map((j) => j.jobId),
      );
      expect(first.cursor).toBeTruthy();
      const second = await db.store.listByUser(user, { limit: 3, cursor: first.cursor! });
      expect(second.jobs.map((j) => j.jobId)).toEqual(
        made
          .slice(0, 2)
          .reverse()
          .map((j) => j.jobId),
      );
    });

    it("a forged cursor is a 400, not a crash", async () => {
      await expect(db.store.listByUser("x", { limit: 3, cursor: "garbage!!" })).rejects.toSatisfy((e) =>
        AppError.is(e, "VALIDATION_FAILED"),
      );
    });
  });

  describe("Job admission (open-jobs place + the job, one transaction)", () => {
    const full = (e: unknown) => AppError.is(e, "TOO_MANY_JOBS");
    const queued: string[] = [];
    const submitDeps = (maxQueuedPerUser: number) => ({
      jobs: db.store,
      openJobs: db.counter,
      admission: db.admission,
      clock,
      ids,
      maxQueuedPerUser,
      queue: { enqueue: async (m: { jobId: string }) => void queued.push(m.jobId) },
    });
    const code = { code: "print(1)" };
    const endDeps = () => ({ jobs: db.store, openJobs: db.counter, clock, onChange: async () => {} });

    it("admits up to the limit, refuses the next, and admits again once a job ends", async () => {
      const user = `open-${ids.next()}`;
      const deps = submitDeps(3);
      const jobs = [];
      for (let i = 0; i < 3; i++) jobs.push(await Job.submit(deps, user, code));
      await expect(Job.submit(deps, user, code)).rejects.toSatisfy(full);
      expect(await db.counter.count(user)).toBe(3);
      await Job.cancel(endDeps(), user, jobs[0]!.jobId);
      await Job.submit(deps, user, code);
      expect(await db.counter.count(user)).toBe(3);
      expect(queued).toContain(jobs[2]!.jobId);
    });

    it("a counter that drifted up is reset from the jobs instead of locking the user out", async () => {
      const user = `drift-${ids.next()}`;
      await db.counter.reset(user, 2); // two jobs ended, but their releases were lost (a worker died)
      await Job.submit(submitDeps(2), user, code);
      expect(await db.counter.count(user)).toBe(1);
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
      expect(await db.counter.count(user)).toBe(4);
      expect((await db.store.listByUser(user, { limit: 20 })).jobs).toHaveLength(4);
    });

    it("never goes below zero", async () => {
      const user = `floor-${ids.next()}`;
      await db.counter.release(user);
      await db.counter.reset(user, 1);
      await db.counter.release(user);
      await db.counter.release(user);
      expect(await db.counter.count(user)).toBe(0);
    });

    it("a finished run gives its place back, once", async () => {
      const job = await Job.submit(submitDeps(5), `run-${ids.next()}`, code);
      const deps = {
        jobs: db.store,
        openJobs: db.counter,
        sandbox: new CountingSandbox(),
        clock,
        onChange: async () => {},
      };
      expect(await db.counter.count(job.userId)).toBe(1);
      expect(await Job.run(deps, { jobId: job.jobId, userId: job.userId })).toBe("finished");
      expect(await db.counter.count(job.userId)).toBe(0);
      // A redelivery of the finished job gives nothing back twice.
      await db.counter.reset(job.userId, 1);
      expect(await Job.run(deps, { jobId: job.jobId, userId: job.userId })).toBe("ignored");
      expect(await db.counter.count(job.userId)).toBe(1);
    });

    it("a cancelled job and a failed one give their places back, once", async () => {
      const user = `end-${ids.next()}`;
      const [a, b] = [await Job.submit(submitDeps(5), user, code), await Job.submit(submitDeps(5), user, code)];
      await Job.cancel(endDeps(), user, a.jobId);
      expect(await db.counter.count(user)).toBe(1);
      await Job.fail(endDeps(), { jobId: b.jobId, userId: user }, "gave up");
      expect(await db.counter.count(user)).toBe(0);
      await db.counter.reset(user, 1);
      expect(await Job.fail(endDeps(), { jobId: b.jobId, userId: user }, "again")).toBeUndefined();
      expect(await db.counter.count(user)).toBe(1);
    });
  });

  describe("Ending a job (its final write and its place given back, one transaction)", () => {
    const submitDeps = () => ({
      jobs: db.store,
      openJobs: db.counter,
      admission: db.admission,
      clock,
      ids,
      maxQueuedPerUser: 5,
      queue: { enqueue: async () => {} },
    });
    const code = { code: "print(1)" };

    it("gives the place back with the final write, and returns exactly what is stored", async () => {
      const job = await Job.submit(submitDeps(), `end-${ids.next()}`, code);
      const claimed = (await db.store.transition(job.jobId, {
        to: "running",
        from: ["queued"],
        attempt: 1,
        set: { startedAt: 5 },
      }))!;
      expect(await db.counter.count(job.userId)).toBe(1);
      const ended = await db.store.end(claimed, "finished", { result: okResult, finishedAt: 9 });
      expect(ended).toEqual(await db.store.get(job.jobId));
      expect(ended).toMatchObject({ state: "finished", attempt: 1, startedAt: 5, finishedAt: 9, result: okResult });
      expect(await db.counter.count(job.userId)).toBe(0);
    });

    it("writes nothing when the job changed since it was read (a stale attempt, a cancel)", async () => {
      const job = await Job.submit(submitDeps(), `stale-${ids.next()}`, code);
      const claimed = (await db.store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 }))!;
      await db.store.transition(job.jobId, { to: "queued", from: ["running"], attempt: 1, set: { attempt: 2 } });
      expect(await db.store.end(claimed, "finished", { result: okResult })).toBeUndefined();
      expect(await db.store.get(job.jobId)).toMatchObject({ state: "queued", attempt: 2 });
      expect(await db.counter.count(job.userId)).toBe(1);
    });

    it("still ends the job when the counter has nothing to give back", async () => {
      const job = await Job.submit(submitDeps(), `zero-${ids.next()}`, code);
      await db.counter.reset(job.userId, 0);
      const ended = await db.store.end(job, "cancelled", { reason: "r" });
      expect(ended).toMatchObject({ state: "cancelled", reason: "r" });
      expect((await db.store.get(job.jobId))?.state).toBe("cancelled");
      expect(await db.counter.count(job.userId)).toBe(0);
    });

    it("refuses a state that is not final, before any write", async () => {
      const job = await newJob();
      await expect(db.store.end(job, "running")).rejects.toSatisfy((e) => AppError.is(e, "INVALID_TRANSITION"));
    });

    it("a cancel that read the job just before a worker claimed it reads again and cancels the running job", async () => {
      const job = await Job.submit(submitDeps(), `race-${ids.next()}`, code);
      const stale = (await db.store.get(job.jobId))!;
      await db.store.transition(job.jobId, { to: "running", from: ["queued"], attempt: 1 });
      let reads = 0;
      // The first read returns the job as it was before the claim.
      const racing = Object.assign(Object.create(db.store) as JobStore, {
        get: async (id: string) => (reads++ === 0 ? stale : db.store.get(id)),
      });
      const cancelled = await Job.cancel({ jobs: racing, clock, onChange: async () => {} }, job.userId, job.jobId);
      expect(reads).toBe(2);
      expect(cancelled).toMatchObject({ state: "cancelled", attempt: 1 });
      expect(await db.counter.count(job.userId)).toBe(0);
    });
  });
});
