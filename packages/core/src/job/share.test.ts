import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { randomToken } from "../ids";
import { ShareTokenSchema } from "../contract";
import { memoryWorld } from "./memory-world.test-support";
import { getSharedRun, revokeShare, shareJob } from "./share";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (AppError.is(e) ? `${e.status} ${e.code}` : e),
  );

describe("sharing a run by link", () => {
  it("any signed-in user reads the shared run, without the owner's id; only the owner is told the job id", async () => {
    const w = memoryWorld();
    const job = w.add("alice", "finished", {
      title: "Fizz",
      stdin: "3\n",
      tests: [{ stdin: "1", expected: "1" }],
      result: {
        verdict: "ok",
        exitCode: 0,
        signal: null,
        stdout: "1\n",
        stderr: "",
        truncated: { stdout: false, stderr: false },
      } as never,
    });
    const { token } = await shareJob(w.share, "alice", job.jobId);
    const seen = await getSharedRun(w.share, "bob", token);
    expect(seen).toMatchObject({
      token,
      owned: false,
      title: "Fizz",
      code: job.code,
      stdin: "3\n",
      tests: job.tests,
      state: "finished",
    });
    expect(seen.result?.stdout).toBe("1\n");
    expect(seen).not.toHaveProperty("jobId");
    expect(JSON.stringify(seen)).not.toContain("alice");
    expect(await getSharedRun(w.share, "alice", token)).toMatchObject({ owned: true, jobId: job.jobId });
    // The share item expires with its job.
    expect(w.shares.get(token)?.expiresAt).toBe(job.expiresAt);
  });

  it("sharing again gives the same link; revoking makes it a 404, and a new share a new token", async () => {
    const w = memoryWorld();
    const job = w.add("alice");
    const first = await shareJob(w.share, "alice", job.jobId);
    expect((await shareJob(w.share, "alice", job.jobId)).token).toBe(first.token);
    expect(w.shares.size).toBe(1);

    expect(await failure(revokeShare(w.share, "mallory", job.jobId))).toBe("404 JOB_NOT_FOUND");
    expect(await getSharedRun(w.share, "bob", first.token)).toBeDefined();
    await revokeShare(w.share, "alice", job.jobId);
    expect(await failure(getSharedRun(w.share, "bob", first.token))).toBe("404 NOT_FOUND");
    expect(w.shares.size).toBe(0);
    await revokeShare(w.share, "alice", job.jobId); // already unshared: not an error

    const second = await shareJob(w.share, "alice", job.jobId);
    expect(second.token).not.toBe(first.token);
    expect(await failure(getSharedRun(w.share, "bob", first.token))).toBe("404 NOT_FOUND");
  });

  it("only the owner shares, only a run that has ended", async () => {
    const w = memoryWorld();
    const running = w.add("alice", "running");
    expect(await failure(shareJob(w.share, "alice", running.jobId))).toBe("409 JOB_STILL_RUNNING");
    const done = w.add("alice");
    expect(await failure(shareJob(w.share, "mallory", done.jobId))).toBe("404 JOB_NOT_FOUND");
    expect(w.shares.size).toBe(0);
  });

  it("unknown, malformed and orphaned tokens are all 404 NOT_FOUND", async () => {
    const w = memoryWorld();
    const job = w.add("alice");
    const { token } = await shareJob(w.share, "alice", job.jobId);
    expect(await failure(getSharedRun(w.share, "bob", randomToken()))).toBe("404 NOT_FOUND");
    expect(await failure(getSharedRun(w.share, "bob", "short"))).toBe("404 NOT_FOUND");
    w.jobs.delete(job.jobId); // the job went (TTL) before its share item
    expect(await failure(getSharedRun(w.share, "bob", token))).toBe("404 NOT_FOUND");
  });

  it("two shares at once leave one working token", async () => {
    const w = memoryWorld();
    const job = w.add("alice");
    const [a, b] = await Promise.all([shareJob(w.share, "alice", job.jobId), shareJob(w.share, "alice", job.jobId)]);
    expect(a.token).toBe(b.token);
    expect([...w.shares.keys()]).toEqual([a.token]);
  });
});

describe("share tokens", () => {
  it("are 256 random bits in base64url: 43 characters, all different, every character in use", () => {
    const tokens = Array.from({ length: 2000 }, () => randomToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(ShareTokenSchema.safeParse(token).success).toBe(true);
    // 2000 × 43 characters from a 64-letter alphabet: every letter appears (a biased source would not).
    const letters = new Set(tokens.join(""));
    expect(letters.size).toBe(64);
  });
});
