import { rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Sandbox, SandboxRunOptions } from "@code-remote/core/ports";
import {
  longestRunMs,
  LineProfileSchema,
  LineSamplesSchema,
  ResultSchema,
  TraceSchema,
  type Result,
  type SandboxRequest,
} from "@code-remote/core/execution";
import { bubblewrapAvailable, RUNNER_MOUNT, wrapInBubblewrap } from "./bubblewrap";
import { resolvePython } from "./python";
import { cancelled, internalError } from "./results";
import { jobUids } from "./job-uids";
import { RunnerGone, RunnerProcess, type RunnerLaunch } from "./runner-process";

export interface ProcessSandboxOptions {
  /** Warm runners, i.e. jobs that run at once. Default: os.availableParallelism(). */
  size?: number;
  /** Python interpreter; default: the distribution's python3 (never a pyenv shim). */
  python?: string;
  /** Run each runner inside bubblewrap: true (required), false, or "auto" (when installed; default). */
  bubblewrap?: boolean | "auto";
  /**
   * The audit hook gives friendly "blocked: ..." verdicts. Only the attack suite turns it off, to
   * prove the kernel layers (seccomp, uid, rlimits, bubblewrap) hold on their own. Default true.
   */
  auditHook?: boolean;
  /**
   * Import numpy, pandas and matplotlib once in each warm runner, so a job that uses them does not
   * pay for the import (see the README's measurements). Default true.
   */
  preload?: boolean;
  /** Pin each runner's jobs to one CPU of their own (a job's share: one core). Default true. */
  pinCpus?: boolean;
  /** Extra variables for the runner process (tests use this to prove jobs never see them). */
  runnerEnv?: Record<string, string>;
}

export interface SandboxStats {
  size: number;
  busy: number;
  idle: number;
  queued: number;
}

const RUNNER_DIR = fileURLToPath(new URL("../runner", import.meta.url));
/** After a cancel, how long the runner has to answer before it is killed and replaced. */
const CANCEL_GRACE_MS = 2_000;
const RESTART_DELAYS_MS = [0, 100, 500, 2_000, 5_000];

type Waiter = (runner: RunnerProcess | null) => void;

/**
 * The trace and the profile are written by the job's own process (the runner checks them, see
 * runner/traceregion.py); one that still fails its schema is dropped, never the whole result: a
 * forged trace can cost the user their trace, not their verdict.
 */
export function withoutInvalidTrace(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const result = { ...(raw as Record<string, unknown>) };
  if ("trace" in result && !TraceSchema.safeParse(result.trace).success) delete result.trace;
  if ("profile" in result && !LineProfileSchema.safeParse(result.profile).success) delete result.profile;
  if ("lineSamples" in result && !LineSamplesSchema.safeParse(result.lineSamples).success) delete result.lineSamples;
  return result;
}

/** Only ever a runner's own temp root: /tmp/code-remote-XXXX. */
function removeRunnerRoot(root: string): void {
  if (dirname(root) !== tmpdir() || !basename(root).startsWith("code-remote-")) return;
  rmSync(root, { recursive: true, force: true });
}

/**
 * The local Sandbox: a pool of warm Python runners (runner/runner.py), each running one job at a
 * time in a freshly forked child. Requests beyond the pool wait in FIFO order. A runner that dies
 * is replaced; the job it was running gets internal_error.
 */
export class ProcessSandbox implements Sandbox {
  /** Human names of the active defence layers, e.g. for `npm start` to print. */
  readonly layers: string[] = [];
  /** The scientific libraries a job can import, with versions, e.g. "numpy 1.24.2" (after start()). */
  readonly libraries: string[] = [];
  readonly size: number;

  private readonly launch: RunnerLaunch;
  private readonly useBubblewrap: boolean;
  private readonly runners = new Set<RunnerProcess>();
  /** Which CPU slot each runner's jobs use (see pinCpus); a replacement takes the freed slot. */
  private readonly slots = new Map<RunnerProcess, number>();
  private readonly pinCpus: boolean;
  private readonly idle: RunnerProcess[] = [];
  private readonly waiters: Waiter[] = [];
  private starting: Promise<void> | null = null;
  private closed = false;
  /** True once start() succeeded: only then are dead runners replaced (a failing start gives up). */
  private started = false;
  /** Replacements in a row that died before they were ready: the back-off's step. */
  private failedStarts = 0;

  constructor(options: ProcessSandboxOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    const wanted = options.bubblewrap ?? "auto";
    if (wanted === true && !bubblewrapAvailable())
      throw new Error("bubblewrap was required but /usr/bin/bwrap is missing");
    this.useBubblewrap = wanted === true || (wanted === "auto" && bubblewrapAvailable());
    const python = resolvePython(options.python);
    // The runner's environment is built here, never inherited: the driver's secrets stay out.
    // TMPDIR: where the runner keeps its job dirs (a private tmpfs inside bubblewrap).
    const env = { LANG: "C.UTF-8", TMPDIR: this.useBubblewrap ? "/tmp" : tmpdir(), ...options.runnerEnv };
    const flags = [
      ...(options.auditHook === false ? ["--no-audit-hook"] : []),
      ...(options.preload === false ? ["--no-preload"] : []),
    ];
    this.pinCpus = options.pinCpus ?? true;
    const runnerArgs = (dir: string) => ["-I", "-S", `${dir}/runner.py`, ...flags];
    this.launch = this.useBubblewrap
      ? wrapInBubblewrap({ command: python, args: runnerArgs(RUNNER_MOUNT), env }, RUNNER_DIR)
      : { command: python, args: runnerArgs(RUNNER_DIR), env };
  }

  /** Start every runner and wait until each has warmed up. Safe to call more than once; after a
   * failed start (e.g. no Python), the next call tries again. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      const started = Array.from({ length: this.size }, () => this.spawn());
      try {
        const hellos = await Promise.all(started.map((runner) => runner.ready));
        this.layers.splice(
          0,
          this.layers.length,
          ...(hellos[0]?.layers ?? []),
          ...(this.useBubblewrap ? ["bubblewrap"] : []),
        );
        this.libraries.splice(0, this.libraries.length, ...(hellos[0]?.libraries ?? []));
      } catch (error) {
        for (const runner of started) this.abandon(runner);
        this.starting = null;
        throw error;
      }
      this.started = true;
      for (const runner of started) this.release(runner);
    })();
    return this.starting;
  }

  async run(request: SandboxRequest, options: SandboxRunOptions = {}): Promise<Result> {
    const { signal } = options;
    const queuedAt = performance.now();
    if (this.closed) return internalError("the sandbox is closed");
    if (signal?.aborted) return cancelled();
    try {
      await this.start();
    } catch (error) {
      return internalError(`the sandbox could not start: ${(error as Error).message}`);
    }
    const runner = await this.acquire(signal);
    if (!runner)
      return this.closed ? internalError("the sandbox is closed") : cancelled(Math.round(performance.now() - queuedAt));
    try {
      return await this.runOn(runner, request, options);
    } finally {
      this.release(runner);
    }
  }

  stats(): SandboxStats {
    return {
      size: this.size,
      busy: this.runners.size - this.idle.length,
      idle: this.idle.length,
      queued: this.waiters.length,
    };
  }

  /** Process ids of the runners (the bwrap process when wrapped): for health checks and tests. */
  runnerPids(): number[] {
    return [...this.runners].flatMap((runner) => (runner.pid === undefined ? [] : [runner.pid]));
  }

  /** Stop every runner (their jobs die with them: parent-death signal, --die-with-parent). */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter(null);
    await Promise.all([...this.runners].map((runner) => runner.stop()));
    this.runners.clear();
    this.slots.clear();
    this.idle.length = 0;
  }

  private async runOn(
    runner: RunnerProcess,
    request: SandboxRequest,
    { signal, onOutput }: SandboxRunOptions,
  ): Promise<Result> {
    const started = performance.now();
    // A runner that never answers is killed (and replaced); the job then fails as internal_error.
    const watchdog = setTimeout(() => runner.kill(), longestRunMs(request));
    let cancelTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      runner.cancel(request.jobId);
      cancelTimer = setTimeout(() => runner.kill(), CANCEL_GRACE_MS);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const raw = await runner.run(request, onOutput);
      const parsed = ResultSchema.safeParse(withoutInvalidTrace(raw));
      if (!parsed.success) return internalError(`the sandbox runner sent an invalid result: ${parsed.error.message}`);
      return parsed.data;
    } catch (error) {
      if (signal?.aborted) return cancelled(Math.round(performance.now() - started));
      const why = error instanceof RunnerGone ? error.message : `sandbox fault: ${(error as Error).message}`;
      return internalError(
        `${why} (the job did not finish; the runner has been replaced)`,
        Math.round(performance.now() - started),
      );
    } finally {
      clearTimeout(watchdog);
      clearTimeout(cancelTimer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private spawn(): RunnerProcess {
    let slot = 0;
    const taken = new Set(this.slots.values());
    while (taken.has(slot)) slot += 1;
    const uid = jobUids.take();
    const args = [...this.launch.args, "--job-uid", String(uid), ...(this.pinCpus ? ["--cpu-slot", String(slot)] : [])];
    const runner = new RunnerProcess({ ...this.launch, args });
    void runner.exited.then(() => jobUids.give(uid)); // however it ends, abandoned or not
    this.runners.add(runner);
    this.slots.set(runner, slot);
    let root: string | null = null;
    let wasReady = false;
    runner.ready.then(
      (hello) => {
        root = hello.root;
        wasReady = true;
      },
      () => {},
    );
    runner.onExit = () => {
      // A runner cleans its job dirs on a normal exit; one that was killed cannot. (Inside
      // bubblewrap they lived on the runner's private tmpfs, which is gone with it.)
      if (root && !this.useBubblewrap) removeRunnerRoot(root);
      this.runners.delete(runner);
      this.slots.delete(runner);
      const at = this.idle.indexOf(runner);
      if (at >= 0) this.idle.splice(at, 1);
      if (this.started && !this.closed) this.replace(wasReady);
    };
    return runner;
  }

  /** Stop a runner for good, without replacing it. */
  private abandon(runner: RunnerProcess): void {
    this.runners.delete(runner);
    this.slots.delete(runner);
    runner.onExit = () => {};
    runner.kill();
  }

  /**
   * Replace a dead runner. A runner that had been serving is replaced at once, however many die
   * together (a killed pool is back to full size immediately); only replacements that die before
   * they are ready back off, so a broken setup does not spin.
   */
  private replace(wasReady: boolean): void {
    const delay = wasReady ? 0 : (RESTART_DELAYS_MS[Math.min(this.failedStarts, RESTART_DELAYS_MS.length - 1)] ?? 0);
    if (!wasReady) this.failedStarts += 1;
    setTimeout(() => {
      if (this.closed) return;
      const runner = this.spawn();
      runner.ready.then(
        () => {
          this.failedStarts = 0;
          this.release(runner);
        },
        () => {}, // its onExit schedules the next attempt
      );
    }, delay).unref();
  }

  private acquire(signal?: AbortSignal): Promise<RunnerProcess | null> {
    const runner = this.idle.shift();
    if (runner) return Promise.resolve(runner);
    return new Promise((resolve) => {
      const waiter: Waiter = (given) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(given);
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve(null);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** A runner is free again: give it to the longest waiter, else park it. Dead ones are dropped. */
  private release(runner: RunnerProcess): void {
    if (!runner.alive || this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter(runner);
    else this.idle.push(runner);
  }
}
