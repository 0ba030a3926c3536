import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { platformResult } from "@code-remote/core/execution";
import type { Job } from "@code-remote/core/job";
import type { Sandbox } from "@code-remote/core/ports";
import { ProcessSandbox } from "@code-remote/sandbox";
import { apiClient, type Socket } from "./support/client";
import { NO_LIMITS, startTestStack, type TestStack } from "./support/stack";
import { REPO_ROOT, type LocalStackOptions } from "../src/stack";

// Fault injection on the local stack: workers and sandbox runners die mid-job, deliveries fail until
// the dead-letter queue; every accepted job still ends, and none is reported finished twice.

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function stackWith(options: LocalStackOptions): Promise<TestStack> {
  const stack = await startTestStack({ ...options, settings: NO_LIMITS });
  cleanups.push(() => stack.stop());
  return stack;
}

interface User {
  token: string;
  socket: Socket;
}

function users(stack: TestStack, count: number): Promise<User[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => stack.userWithSocket(`fault-${i}`)));
}

/** perUser jobs per user, in rounds; `code` may pick the program by round (0 = each user's first job). */
async function submitAll(
  stack: TestStack,
  people: User[],
  perUser: number,
  code: string | ((round: number) => string),
) {
  const api = apiClient(stack.urls.api);
  const jobs: Array<{ jobId: string; user: User }> = [];
  for (let i = 0; i < perUser; i++) {
    for (const user of people) {
      const r = await api("/execute", { token: user.token, body: { code: typeof code === "string" ? code : code(i) } });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      jobs.push({ jobId: r.body.job.jobId, user });
    }
  }
  return jobs;
}

function finalFrames(user: User, jobId: string): Job[] {
  return user.socket.frames.flatMap((f) =>
    f.type === "job" && f.job.jobId === jobId && ["finished", "cancelled", "failed"].includes(f.job.state)
      ? [f.job]
      : [],
  );
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A worker as its own process group, configured like a Lambda from the stack's CR_* settings. */
async function startWorkerProcess(stack: TestStack, timeoutSeconds: number): Promise<ChildProcess> {
  const main = join(REPO_ROOT, "packages/local/src/worker-main.ts");
  const child = spawn(process.execPath, ["--import", "tsx", main, "--timeout-seconds", String(timeoutSeconds)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...stack.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanups.push(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  });
  let output = "";
  child.stderr!.on("data", (d) => (output += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready after 60 s: ${output}`)), 60_000);
    child.stdout!.on("data", (d) => {
      if (!String(d).includes("worker ready")) return;
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before ready: ${output}`));
    });
  });
  return child;
}

async function expectAllFinishedOnce(stack: TestStack, jobs: Array<{ jobId: string; user: User }>) {
  const api = apiClient(stack.urls.api);
  for (const { jobId, user } of jobs) {
    const { body } = await api(`/jobs/${jobId}`, { token: user.token });
    expect(body.job.state, `${jobId}: ${JSON.stringify(body.job.result ?? body.job.reason)}`).toBe("finished");
    expect(body.job.result.verdict).toBe("ok");
    expect(body.job.result.stdout).toBe("done\n");
    // One final write, told at least once: a worker that died after writing it may not have told it.
    const finals = finalFrames(user, jobId);
    expect(finals.length).toBeGreaterThanOrEqual(1);
    for (const f of finals)
      expect({ attempt: f.attempt, finishedAt: f.finishedAt }).toEqual({
        attempt: body.job.attempt,
        finishedAt: body.job.finishedAt,
      });
  }
}

const SLOW_JOB = "import time\ntime.sleep(0.4)\nprint('done')";
// Each user's first job runs long enough that a job seen running is still running when the fault is
// injected 50 ms later, even on a loaded CI machine whose frames lag by hundreds of milliseconds (with
// 0.4 s jobs both "running" jobs had sometimes finished by then, so nothing was interrupted).
const LONG_JOB = "import time\ntime.sleep(3)\nprint('done')";
const longFirst = (round: number) => (round === 0 ? LONG_JOB : SLOW_JOB);
/**
 * The jobs queue's visibility and its workers' timeout (the loop refuses a visibility below the timeout,
 * as Lambda does). Long enough that no delivery of LONG_JOB (3 s, plus the run's overhead on a loaded
 * machine) outlasts it, short enough that a killed worker's messages come back soon. At 3 s, a LONG_JOB still running
 * came back, was taken over as a dead worker's, came back again, and reached the dead-letter queue
 * after 5 deliveries (once in eleven fresh-clone runs).
 */
const VISIBILITY_SECONDS = 10;

// Two worker processes start with every runner pre-importing numpy/pandas/matplotlib: under CI load
// that alone takes seconds, so these tests get more than the project's default minute.
describe("fault injection", { timeout: 150_000 }, () => {
  it("a worker killed in the middle of 20 jobs: the message returns, the job is retried, all finish once", async () => {
    const stack = await stackWith({ inProcessWorker: false, visibilityTimeoutSeconds: VISIBILITY_SECONDS });
    const people = await users(stack, 4);
    const first = await startWorkerProcess(stack, VISIBILITY_SECONDS);
    const jobs = await submitAll(stack, people, 5, longFirst);

    const runningNow = () =>
      jobs.filter(({ jobId, user }) => user.socket.jobStates(jobId).at(-1) === "running").map((j) => j.jobId);
    await waitUntil(() => runningNow().length >= 2, 20_000, "two jobs running");
    const interrupted = runningNow();
    const killedAt = Date.now();
    process.kill(-first.pid!, "SIGKILL");

    await startWorkerProcess(stack, VISIBILITY_SECONDS);
    await waitUntil(
      () => jobs.every(({ jobId, user }) => finalFrames(user, jobId).length > 0),
      60_000,
      "every job final",
    );
    await expectAllFinishedOnce(stack, jobs);

    const api = apiClient(stack.urls.api);
    let retried = 0;
    for (const jobId of interrupted) {
      const owner = jobs.find((j) => j.jobId === jobId)!.user;
      const { body } = await api(`/jobs/${jobId}`, { token: owner.token });
      // A job whose final write beat the kill (its push may not have) keeps its attempt; every other
      // job that was running when the worker died is retried with a new one.
      if (body.job.finishedAt > killedAt) {
        expect(body.job.attempt, "an interrupted job is retried with a new attempt").toBeGreaterThanOrEqual(2);
        retried++;
      }
    }
    expect(retried, "some job was mid-run when its worker died, and was retried").toBeGreaterThanOrEqual(1);
  });

  it("a sandbox runner killed mid-job: the job is retried at once with a new attempt and finishes", async () => {
    const sandbox = new ProcessSandbox({ size: 2 });
    await sandbox.start();
    cleanups.push(() => sandbox.close());
    const stack = await stackWith({ sandbox });
    const people = await users(stack, 4);
    const jobs = await submitAll(stack, people, 5, longFirst);

    const running = () => jobs.filter(({ jobId, user }) => user.socket.jobStates(jobId).at(-1) === "running");
    // Both runners busy, so whichever is killed has a job on it.
    await waitUntil(() => running().length >= 2, 20_000, "both runners busy");
    const victim = running()[0]!;
    const [pid] = sandbox.runnerPids();
    process.kill(pid!, "SIGKILL");

    await waitUntil(
      () => jobs.every(({ jobId, user }) => finalFrames(user, jobId).length > 0),
      60_000,
      "every job final",
    );
    await expectAllFinishedOnce(stack, jobs);
    const retried = await Promise.all(
      jobs.map(
        async ({ jobId, user }) =>
          (await apiClient(stack.urls.api)(`/jobs/${jobId}`, { token: user.token })).body.job.attempt,
      ),
    );
    expect(
      retried.some((a: number) => a >= 2),
      `some job was retried (victim was ${victim.jobId})`,
    ).toBe(true);
    expect(sandbox.stats().size).toBe(2);
  });

  it("a sandbox fault with too little of the worker's time left for another attempt: the job ends with it at once", async () => {
    // Another attempt of a 100 ms job may last 10.1 s (its wall limit and the drivers' grace), plus the
    // writes after it: more than a worker whose timeout is 12 s has left, so the first fault is the last.
    let runs = 0;
    const faulty: Sandbox = {
      run: async () => {
        runs++;
        return platformResult("internal_error", "sandbox runner failed", 5);
      },
    };
    const stack = await stackWith({ sandbox: faulty, workerTimeoutSeconds: 12 });
    const [user] = await users(stack, 1);
    const submitted = await apiClient(stack.urls.api)("/execute", {
      token: user!.token,
      body: { code: "print('never')", limits: { wallMs: 100 } },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const { job } = await user!.socket.waitForFinal(submitted.body.job.jobId, 30_000);
    expect(job).toMatchObject({ state: "finished", attempt: 1, result: { verdict: "internal_error" } });
    expect(job.result?.message).toMatch(/^sandbox runner failed; not tried again: too little of the worker's time/);
    expect(runs).toBe(1);
  });

  it("deliveries that keep failing reach the dead-letter queue: the job ends failed with a reason", async () => {
    const broken: Sandbox = {
      run: async () => {
        throw new Error("the sandbox is unreachable");
      },
    };
    const stack = await stackWith({ sandbox: broken, visibilityTimeoutSeconds: 1, workerTimeoutSeconds: 1 });
    const [user] = await users(stack, 1);
    const [submitted] = await submitAll(stack, [user!], 1, "print('never')");
    const jobId = submitted!.jobId;
    const { job } = await user!.socket.waitForFinal(jobId, 30_000);
    expect(job.state).toBe("failed");
    expect(job.reason).toMatch(/could not run this job/);
    expect(finalFrames(user!, jobId).length).toBeGreaterThanOrEqual(1);
  });
});
