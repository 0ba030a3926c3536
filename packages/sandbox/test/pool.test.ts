import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessSandbox } from "../src/process-sandbox";
import { BUBBLEWRAP_MODES, descendantsOf, job, jobProcessesUnder, liveChildrenOf } from "./helpers";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return; // judged once: a second look could see a later state
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe.each(BUBBLEWRAP_MODES)("ProcessSandbox pool (bubblewrap: %s)", (bubblewrap) => {
  let sandbox: ProcessSandbox;

  beforeAll(async () => {
    sandbox = new ProcessSandbox({ size: 2, bubblewrap, preload: false }); // pool mechanics: no need to pay for numpy at each (re)start
    await sandbox.start();
  });
  afterAll(() => sandbox.close());

  it("replaces a killed runner; its job gets internal_error and the pool keeps serving", async () => {
    // Each runner's job-dir root, as seen from a job (two jobs at once: one per runner).
    const rootJob = job("import os, time\nprint(os.path.dirname(os.getcwd()))\ntime.sleep(0.3)");
    const roots = (await Promise.all([sandbox.run(rootJob), sandbox.run(rootJob)])).map((r) => r.stdout.trim());
    expect(new Set(roots).size).toBe(2);
    const before = sandbox.runnerPids();
    const running = sandbox.run(job("import time\ntime.sleep(20)", { limits: { wallMs: 30_000 } }));
    const other = sandbox.run(job("import time\ntime.sleep(0.5)\nprint('other')"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Both runners are busy; kill them one by one until the sleeping job's runner is hit.
    process.kill(before[0]!, "SIGKILL");
    process.kill(before[1]!, "SIGKILL");
    const [killed, alsoKilled] = await Promise.all([running, other]);
    expect(killed.verdict).toBe("internal_error");
    expect(killed.message).toMatch(/runner was killed by SIGKILL/);
    expect(alsoKilled.verdict).toBe("internal_error");

    const after = await Promise.all([1, 2, 3].map(() => sandbox.run(job("print('still here')"))));
    expect(after.map((r) => r.stdout)).toEqual(["still here\n", "still here\n", "still here\n"]);
    // Both dead runners are replaced at once (no back-off for runners that had been serving):
    // both replacements exist already, and both become ready.
    expect(sandbox.runnerPids()).toHaveLength(2);
    await until(() => sandbox.stats().idle === 2, "both replacements are ready");
    expect(sandbox.runnerPids().some((pid) => before.includes(pid))).toBe(false);
    // A killed runner cannot clean up; the pool removes its job dirs (bubblewrap: its tmpfs is gone).
    if (!bubblewrap) for (const root of roots) expect(existsSync(root)).toBe(false);
  });

  it("cancels a job that is still waiting for a runner", async () => {
    // Replacements from the previous test may still be warming up.
    while (sandbox.stats().idle < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    const sleepers = [1, 2].map(() => sandbox.run(job("import time\ntime.sleep(1)")));
    const controller = new AbortController();
    const waiting = sandbox.run(job("print('never')"), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sandbox.stats().queued).toBe(1);
    controller.abort();
    expect(await waiting).toMatchObject({ verdict: "runtime_error", message: "cancelled", stdout: "" });
    expect((await Promise.all(sleepers)).map((r) => r.verdict)).toEqual(["ok", "ok"]);
  });
});

describe("ProcessSandbox lifecycle", () => {
  it("leaves no runner behind after close, and refuses work afterwards", async () => {
    const sandbox = new ProcessSandbox({ size: 2, bubblewrap: false, preload: false });
    await sandbox.start();
    const pids = sandbox.runnerPids();
    const inflight = sandbox.run(job("import time\ntime.sleep(20)", { limits: { wallMs: 30_000 } }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Each runner's zygote, the running job and the spare child forked ahead.
    const below = pids.flatMap((pid) => descendantsOf(pid));
    expect(below.length).toBeGreaterThanOrEqual(4);
    await sandbox.close();
    expect((await inflight).verdict).toBe("internal_error");
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    await until(() => !below.some(alive), "every zygote and job child is gone");
    expect((await sandbox.run(job("print(1)"))).message).toBe("the sandbox is closed");
  });
});

describe("ProcessSandbox zygote (the copy of each runner that forks its job children)", () => {
  it("when it dies after the runner has served, the runner retires (no new zygote from a used heap) and the pool replaces it", async () => {
    const sandbox = new ProcessSandbox({ size: 1, bubblewrap: false, preload: false });
    await sandbox.start();
    try {
      const [runner] = sandbox.runnerPids() as [number];
      await until(() => jobProcessesUnder(runner).length === 1, "the first job's child is forked ahead");
      const [first] = jobProcessesUnder(runner) as [number];
      expect((await sandbox.run(job("print('before')"))).stdout).toBe("before\n");
      // The first job's child is reaped before the answer, then the next is forked.
      const nextForked = () => {
        const found = jobProcessesUnder(runner);
        return found.length === 1 && found[0] !== first;
      };
      await until(nextForked, "the next job's child is forked ahead");
      const [zygote] = liveChildrenOf(runner);
      expect(liveChildrenOf(runner)).toEqual([zygote]); // the runner forks nothing else
      const [spare] = jobProcessesUnder(runner) as [number];
      expect(liveChildrenOf(zygote!)).toEqual([spare]);

      process.kill(zygote!, "SIGKILL");
      await until(() => !alive(spare), "the spare child died with its zygote");
      await until(() => !alive(runner), "the runner retired");
      const after = await sandbox.run(job("import sys\nprint('after')\nsys.exit(4)"));
      expect(after).toMatchObject({ verdict: "runtime_error", exitCode: 4, stdout: "after\n" });
      const [replacement] = sandbox.runnerPids();
      expect(replacement).not.toBe(runner);
      expect(liveChildrenOf(replacement!)).toHaveLength(1); // its own, fresh zygote
    } finally {
      await sandbox.close();
    }
  });
});

describe("ProcessSandbox start failures", () => {
  it("reports a broken interpreter as internal_error and retries on the next run", async () => {
    const sandbox = new ProcessSandbox({ size: 1, bubblewrap: false, python: "/bin/false" });
    const first = await sandbox.run(job("print(1)"));
    expect(first.verdict).toBe("internal_error");
    expect(first.message).toMatch(/^the sandbox could not start: the sandbox runner exited with code 1/);
    expect(sandbox.runnerPids()).toEqual([]);
    expect((await sandbox.run(job("print(1)"))).verdict).toBe("internal_error");
    await sandbox.close();
  });
});
