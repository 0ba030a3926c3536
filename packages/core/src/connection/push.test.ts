import { describe, expect, it } from "vitest";
import { PushedJobSchema, ServerFrameSchema, WS_QUOTAS } from "../contract";
import { LIMIT_DEFAULTS, MAX_IMAGES, platformResult } from "../execution";
import type { Job } from "../job/model";
import { frameBytes, jobFrame } from "./push";

function finishedJob(stdout: string, extra: Partial<Job> = {}): Job {
  return {
    jobId: "01JABCDEFGHJKMNPQRSTVWXYZ0",
    userId: "6f1c2a9e-0c1d-4e55-9a37-1f1f1f1f1f1f",
    code: "print('x' * n)",
    stdin: "",
    limits: { ...LIMIT_DEFAULTS },
    state: "finished",
    attempt: 1,
    result: { ...platformResult("ok", ""), exitCode: 0, stdout, usage: { wallMs: 12, cpuMs: 10, peakMemoryKb: 9000 } },
    createdAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_010,
    finishedAt: 1_700_000_000_030,
    expiresAt: 1_700_604_800,
    ...extra,
  };
}

/** A job whose whole `job` frame is exactly `bytes` long (stdout padded with one-byte characters). */
function jobOfFrameSize(bytes: number): Job {
  const base = frameBytes({ type: "job", job: finishedJob("") });
  return finishedJob("o".repeat(bytes - base));
}

describe("a job push always fits one API Gateway message", () => {
  it("a job whose frame is exactly the message quota goes whole", () => {
    const job = jobOfFrameSize(WS_QUOTAS.messageBytes);
    const frame = jobFrame(job);
    expect(frameBytes(frame)).toBe(WS_QUOTAS.messageBytes);
    expect(frame).toEqual({ type: "job", job });
  });

  it("one byte more and it goes slim: partial, bodies left out, state and verdict whole", () => {
    const job = jobOfFrameSize(WS_QUOTAS.messageBytes + 1);
    const frame = jobFrame(job);
    if (frame.type !== "job") throw new Error("not a job frame");
    expect(frameBytes(frame)).toBeLessThan(2_000);
    expect(frame.job).toMatchObject({
      jobId: job.jobId,
      state: "finished",
      attempt: 1,
      partial: true,
      code: "",
      stdin: "",
    });
    expect(frame.job.result).toMatchObject({
      verdict: "ok",
      exitCode: 0,
      stdout: "",
      stderr: "",
      usage: job.result!.usage,
    });
    expect(frame.job.finishedAt).toBe(job.finishedAt);
    expect(ServerFrameSchema.parse(frame)).toEqual(frame);
  });

  it("a job whose item keeps a compact result (the whole one is an object) goes partial, so the client fetches it whole", () => {
    const job = finishedJob("first lines\n", { resultObject: { key: "results/u/j.json", bytes: 2_000_000 } });
    const frame = jobFrame(job);
    expect(frame).toEqual({ type: "job", job: { ...job, partial: true } });
    expect(frameBytes(frame)).toBeLessThanOrEqual(WS_QUOTAS.messageBytes);
    expect(jobFrame(finishedJob("all\n"))).toEqual({ type: "job", job: finishedJob("all\n") });
  });

  it("counts bytes as sent: JSON escapes and multi-byte characters, not string length", () => {
    const whole = (job: Job) => {
      const frame = jobFrame(job);
      return frame.type === "job" && !frame.job.partial;
    };
    // 40,000 × "€" is 120,000 bytes of UTF-8 (whole); 45,000 is 135,000 (slim).
    expect(whole(finishedJob("€".repeat(40_000)))).toBe(true);
    expect(whole(finishedJob("€".repeat(45_000)))).toBe(false);
    // 30,000 control characters are 30,000 UTF-16 units but 180,000 bytes of JSON (\u0001 each).
    expect(whole(finishedJob("\u0001".repeat(30_000)))).toBe(false);
  });

  it("a job at every maximum, with every free text huge, still fits slim", () => {
    const huge = "\u0001".repeat(200_000); // 1.2 MB as JSON
    const image = {
      name: "figure.png",
      mime: "image/png" as const,
      width: 800,
      height: 600,
      base64: "A".repeat(100_000),
    };
    const job = finishedJob("\u0000".repeat(256 * 1024), {
      code: "\u0002".repeat(64 * 1024),
      stdin: "\u0003".repeat(64 * 1024),
      tests: Array.from({ length: 20 }, () => ({ stdin: huge.slice(0, 10_000), expected: huge.slice(0, 10_000) })),
      reason: huge,
    });
    job.result = {
      ...job.result!,
      verdict: "runtime_error",
      stderr: huge,
      message: huge,
      error: { type: "ValueError", message: `😀${huge}`, line: 3 },
      images: Array.from({ length: MAX_IMAGES }, () => image),
      tests: Array.from({ length: 20 }, () => ({
        stdin: huge.slice(0, 10_000),
        expected: "1",
        actual: huge.slice(0, 50_000),
        passed: false,
      })),
    };
    const frame = jobFrame(job);
    if (frame.type !== "job") throw new Error("not a job frame");
    expect(frameBytes(frame)).toBeLessThanOrEqual(WS_QUOTAS.messageBytes);
    expect(frameBytes(frame)).toBeLessThan(30_000);
    const slim = PushedJobSchema.parse(frame.job);
    expect(slim.partial).toBe(true);
    expect(slim.tests).toBeUndefined();
    expect(slim.result?.images).toBeUndefined();
    expect(slim.result?.omittedImages).toBe(MAX_IMAGES);
    expect(slim.result?.tests).toBeUndefined();
    expect(slim.result?.error).toMatchObject({ type: "ValueError", line: 3 });
    expect(slim.result?.error?.message.startsWith("😀")).toBe(true);
    expect(slim.result?.verdict).toBe("runtime_error");
  });

  it("a running job with code that escapes past the quota goes slim too", () => {
    const running: Job = { ...finishedJob(""), state: "running", code: "\u0001".repeat(64 * 1024) };
    delete running.result;
    delete running.finishedAt;
    const frame = jobFrame(running);
    expect(frame.type === "job" && frame.job).toMatchObject({ state: "running", partial: true, code: "" });
  });

  it("a cut text never ends between the halves of a surrogate pair", () => {
    const job = finishedJob("o".repeat(200_000));
    job.result!.message = `${"a".repeat(999)}😀${"b".repeat(5000)}`;
    const frame = jobFrame(job);
    const message = frame.type === "job" ? frame.job.result?.message : undefined;
    expect(message).toBe(`${"a".repeat(999)}…`);
  });
});
