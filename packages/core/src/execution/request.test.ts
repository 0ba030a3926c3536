import { describe, expect, it } from "vitest";
import { JOB_WALL_BUDGET_MS, LIMIT_MAXIMA, MAX_TESTS } from "./limits";
import { jobWallMs, SandboxRequestSchema } from "./request";

const tests = (count: number) => Array.from({ length: count }, () => ({ stdin: "", expected: "" }));

describe("jobWallMs: how long a request's runs can take together", () => {
  it("is one wall limit for a single run, one per test case for a job with tests", () => {
    expect(jobWallMs({ limits: { wallMs: 2_000 } })).toBe(2_000);
    expect(jobWallMs({ limits: { wallMs: 2_000 }, tests: [] })).toBe(2_000);
    expect(jobWallMs({ limits: { wallMs: 2_000 }, tests: tests(3) })).toBe(6_000);
  });

  it("never exceeds the job's time budget, however many cases at however long a limit", () => {
    expect(jobWallMs({ limits: { wallMs: LIMIT_MAXIMA.wallMs }, tests: tests(MAX_TESTS) })).toBe(JOB_WALL_BUDGET_MS);
    expect(jobWallMs({ limits: { wallMs: 10_000 }, tests: tests(5), budgetMs: 4_000 })).toBe(4_000);
    expect(jobWallMs({ limits: { wallMs: 10_000 }, budgetMs: 4_000 })).toBe(4_000);
  });
});

describe("SandboxRequestSchema's budgetMs", () => {
  const request = { jobId: "j", code: "", limits: { wallMs: 1_000, memoryMb: 64, outputBytes: 1024 } };

  it("may be left out, or set between the least wall limit and the job's time budget", () => {
    expect(SandboxRequestSchema.safeParse(request).success).toBe(true);
    expect(SandboxRequestSchema.safeParse({ ...request, budgetMs: JOB_WALL_BUDGET_MS }).success).toBe(true);
    expect(SandboxRequestSchema.safeParse({ ...request, budgetMs: JOB_WALL_BUDGET_MS + 1 }).success).toBe(false);
    expect(SandboxRequestSchema.safeParse({ ...request, budgetMs: 99 }).success).toBe(false);
  });
});
