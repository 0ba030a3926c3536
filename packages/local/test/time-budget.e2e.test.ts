import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_TESTS } from "@code-remote/core/execution";
import { apiClient } from "./support/client";
import { startTestStack, type TestStack } from "./support/stack";

// A job's runs (one per test case) share one time budget (JOB_WALL_BUDGET_MS, 30 s; a stage may set
// less with CR_JOB_WALL_BUDGET_MS, as these stacks do to keep the suite short). Without it, 20 cases of
// a 10 s limit could hold a worker for 200 s: past the sandbox function's and the worker's timeouts in
// the cloud, and past the queue's visibility, where the job is taken over again and again until the DLQ.
const BUDGET_MS = 2_000;

describe.each(["pool", "lambda"] as const)("the time budget of a job's test cases (sandbox: %s)", (sandboxMode) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ sandboxMode, settings: { CR_JOB_WALL_BUDGET_MS: String(BUDGET_MS) } });
  }, 120_000);
  afterAll(() => stack?.stop());

  it(`ends ${MAX_TESTS} cases of 1 s each within the budget: the case it cuts off fails, the rest are not run`, async () => {
    const { token, socket } = await stack.userWithSocket(`budget-${sandboxMode}`);
    const api = apiClient(stack.urls.api);
    const tests = Array.from({ length: MAX_TESTS }, (_, i) => ({ stdin: `${i}`, expected: `${i}` }));
    const submitted = await api("/execute", {
      token,
      body: { code: "import time\ntime.sleep(1)\nprint(input())", limits: { wallMs: 2_000 }, tests },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const { job } = await socket.waitForFinal(submitted.body.job.jobId, 30_000);
    expect(job.state).toBe("finished");

    const stored = (await api(`/jobs/${job.jobId}`, { token })).body.job;
    const outcomes: Array<{ passed: boolean; verdict?: string; outOfBudget?: true }> = stored.result.tests;
    expect(outcomes).toHaveLength(MAX_TESTS);
    // Some cases ran and passed; then (unless the budget ran out between two cases) one was cut off;
    // every case after that was not run, for the budget's sake.
    const ran = outcomes.filter((t) => t.verdict !== undefined);
    const passed = ran.filter((t) => t.passed);
    expect(passed.length).toBeGreaterThanOrEqual(1);
    expect(passed.length).toBeLessThan(MAX_TESTS);
    expect(outcomes.slice(0, passed.length).every((t) => t.passed && t.verdict === "ok" && !t.outOfBudget)).toBe(true);
    const cut = ran.slice(passed.length);
    expect(cut.map((t) => [t.passed, t.verdict, t.outOfBudget])).toEqual(
      cut.length === 1 ? [[false, "time_limit", true]] : [],
    );
    const notRun = outcomes.slice(ran.length);
    expect(notRun.length).toBeGreaterThan(0);
    expect(notRun.every((t) => !t.passed && t.verdict === undefined && t.outOfBudget === true)).toBe(true);
    expect(stored.result.message).toBe(`time budget used: a job's runs together may last ${BUDGET_MS} ms`);
    // Bounded by the budget, not by 20 × 1 s (generous: a loaded machine forks slowly).
    expect(stored.finishedAt - stored.startedAt).toBeLessThan(BUDGET_MS + 8_000);
  });
});
