import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { deleteJob, renameJob, type ManageDeps } from "./manage";
import { memoryWorld } from "./memory-world.test-support";
import { traceKeyOf } from "./model";
import { shareJob } from "./share";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (AppError.is(e) ? `${e.status} ${e.code}` : e),
  );

describe("renaming a run", () => {
  it("trims the title, and null or blank clears it", async () => {
    const w = memoryWorld();
    const job = w.add("alice");
    expect((await renameJob(w.manage, "alice", job.jobId, { title: "  Binary search  " })).title).toBe("Binary search");
    expect(w.jobs.get(job.jobId)?.title).toBe("Binary search");
    expect((await renameJob(w.manage, "alice", job.jobId, { title: "   " })).title).toBeUndefined();
    await renameJob(w.manage, "alice", job.jobId, { title: "again" });
    expect((await renameJob(w.manage, "alice", job.jobId, { title: null })).title).toBeUndefined();
    expect(w.jobs.get(job.jobId)).not.toHaveProperty("title");
  });

  it("refuses titles over 100 characters, with control characters, or of the wrong type", async () => {
    const w = memoryWorld();
    const job = w.add("alice");
    expect((await renameJob(w.manage, "alice", job.jobId, { title: "x".repeat(100) })).title).toHaveLength(100);
    expect(await failure(renameJob(w.manage, "alice", job.jobId, { title: "x".repeat(101) }))).toBe(
      "400 VALIDATION_FAILED",
    );
    expect(await failure(renameJob(w.manage, "alice", job.jobId, { title: "two\nlines" }))).toBe(
      "400 VALIDATION_FAILED",
    );
    expect(await failure(renameJob(w.manage, "alice", job.jobId, { title: 5 }))).toBe("400 VALIDATION_FAILED");
    expect(await failure(renameJob(w.manage, "alice", job.jobId, {}))).toBe("400 VALIDATION_FAILED");
    expect(await failure(renameJob(w.manage, "alice", job.jobId, { title: "a", extra: 1 }))).toBe(
      "400 VALIDATION_FAILED",
    );
  });

  it("another user's run is a 404 and stays as it was", async () => {
    const w = memoryWorld();
    const job = w.add("alice", "finished", { title: "mine" });
    expect(await failure(renameJob(w.manage, "mallory", job.jobId, { title: "pwned" }))).toBe("404 JOB_NOT_FOUND");
    expect(await failure(renameJob(w.manage, "alice", "not-a-ulid", { title: "x" }))).toBe("404 JOB_NOT_FOUND");
    expect(w.jobs.get(job.jobId)?.title).toBe("mine");
  });
});

describe("deleting a run", () => {
  it("removes the run, its share and its trace object; another user's run is a 404 and untouched", async () => {
    const w = memoryWorld();
    const job = w.add("alice", "finished", { mode: "trace" });
    const key = traceKeyOf(job);
    w.objects.set(key, "{}");
    w.jobs.set(job.jobId, { ...job, trace: { key, bytes: 2, steps: 0, truncated: false } });
    const { token } = await shareJob(w.share, "alice", job.jobId);
    const other = w.add("bob");

    expect(await failure(deleteJob(w.manage, "mallory", job.jobId))).toBe("404 JOB_NOT_FOUND");
    expect(w.jobs.has(job.jobId)).toBe(true);

    await deleteJob(w.manage, "alice", job.jobId);
    expect(w.jobs.has(job.jobId)).toBe(false);
    expect(w.shares.has(token)).toBe(false);
    expect(w.objects.has(key)).toBe(false);
    expect(w.jobs.has(other.jobId)).toBe(true);
    expect(await failure(deleteJob(w.manage, "alice", job.jobId))).toBe("404 JOB_NOT_FOUND");
  });

  it("a run still queued or running is refused with 409 JOB_STILL_RUNNING and kept", async () => {
    const w = memoryWorld();
    for (const state of ["queued", "running"] as const) {
      const job = w.add("alice", state);
      expect(await failure(deleteJob(w.manage, "alice", job.jobId))).toBe("409 JOB_STILL_RUNNING");
      expect(w.jobs.get(job.jobId)?.state).toBe(state);
    }
    for (const state of ["cancelled", "failed"] as const) {
      const job = w.add("alice", state);
      await deleteJob(w.manage, "alice", job.jobId);
      expect(w.jobs.has(job.jobId)).toBe(false);
    }
  });

  it("the delete counts even when an object cannot be removed, and says so", async () => {
    const w = memoryWorld();
    const job = w.add("alice", "finished", {
      trace: { key: "traces/alice/x.json", bytes: 1, steps: 0, truncated: false },
    });
    const warnings: string[] = [];
    const deps: ManageDeps = {
      ...w.manage,
      objects: { delete: async () => Promise.reject(new Error("S3 down")) },
      warn: (message) => void warnings.push(message),
    };
    await deleteJob(deps, "alice", job.jobId);
    expect(w.jobs.has(job.jobId)).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});
