import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { OutputChunkSchema, type OutputChunk, type SandboxRequest } from "@code-remote/core/execution";
import { LineSplitter } from "./lines";

/** How to start one warm runner: the command line and its (complete, not inherited) environment. */
export interface RunnerLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface RunnerHello {
  pid: number;
  layers: string[];
  /** The directory the runner keeps job dirs in (as the runner sees it). */
  root: string | null;
  /** Scientific libraries a job can import, e.g. "numpy 1.24.2". */
  libraries: string[];
}

/** The runner process went away (crashed, was killed, or never started); message says why. */
export class RunnerGone extends Error {}

const STDERR_TAIL_BYTES = 4096;

/**
 * One warm runner process and its line protocol (see runner/runner.py). It runs one job at a
 * time; the pool above decides which job goes where.
 */
export class RunnerProcess {
  readonly ready: Promise<RunnerHello>;
  /** Called once when the process exits, whatever the reason. */
  onExit: (reason: string) => void = () => {};
  /** Settles once the process is gone, whatever the reason (never rejects). */
  readonly exited: Promise<void>;
  private resolveExited!: () => void;

  private readonly child: ChildProcessWithoutNullStreams;
  private current: {
    jobId: string;
    resolve: (raw: unknown) => void;
    reject: (error: Error) => void;
    onOutput?: ((chunk: OutputChunk) => void) | undefined;
  } | null = null;
  private stderrTail = "";
  private exitReason: string | null = null;
  private resolveReady!: (hello: RunnerHello) => void;
  private rejectReady!: (error: Error) => void;

  constructor(launch: RunnerLaunch) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // observed through the pool; avoid unhandled rejections
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    this.child = spawn(launch.command, launch.args, { env: launch.env, stdio: ["pipe", "pipe", "pipe"] });
    const lines = new LineSplitter((line) => this.onLine(line));
    this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => lines.push(chunk));
    this.child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    this.child.stdin.on("error", () => {}); // EPIPE after a crash: reported through "exit"
    this.child.on("error", (error) => this.gone(`could not start the sandbox runner: ${error.message}`));
    this.child.on("exit", (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = this.stderrTail.trim();
      this.gone(`the sandbox runner ${how}${tail ? `: ${tail.split("\n").slice(-3).join(" | ")}` : ""}`);
    });
  }

  get alive(): boolean {
    return this.exitReason === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Send one job; resolves with the runner's raw result (validated by the caller). Output the
   * runner streams while the job runs goes to onOutput, in order. */
  run(request: SandboxRequest, onOutput?: (chunk: OutputChunk) => void): Promise<unknown> {
    if (this.current) return Promise.reject(new Error("runner is busy"));
    if (!this.alive) return Promise.reject(new RunnerGone(this.exitReason ?? "runner is gone"));
    return new Promise((resolve, reject) => {
      this.current = { jobId: request.jobId, resolve, reject, onOutput };
      this.send({ type: "run", request });
    });
  }

  cancel(jobId: string): void {
    if (this.current?.jobId === jobId) this.send({ type: "cancel", jobId });
  }

  /** Stop the runner: closing its stdin ends it (and its job) politely, SIGKILL if it lingers. */
  async stop(graceMs = 1000): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.alive) this.child.kill("SIGKILL");
  }

  private send(message: unknown): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  private onLine(line: string): void {
    let message: {
      type?: string;
      jobId?: string;
      result?: unknown;
      pid?: number;
      layers?: string[];
      root?: string;
      libraries?: string[];
    };
    try {
      message = JSON.parse(line);
    } catch {
      this.current?.reject(new Error(`sandbox runner sent a malformed line: ${line.slice(0, 200)}`));
      this.current = null;
      return;
    }
    if (message.type === "ready") {
      this.resolveReady({
        pid: message.pid ?? 0,
        layers: message.layers ?? [],
        root: message.root ?? null,
        libraries: message.libraries ?? [],
      });
    } else if (message.type === "output" && this.current && message.jobId === this.current.jobId) {
      const chunk = OutputChunkSchema.safeParse(message);
      if (chunk.success) this.current.onOutput?.(chunk.data);
    } else if (message.type === "result" && this.current && message.jobId === this.current.jobId) {
      const { resolve } = this.current;
      this.current = null;
      resolve(message.result);
    }
  }

  private gone(reason: string): void {
    if (this.exitReason !== null) return;
    this.exitReason = reason;
    this.rejectReady(new RunnerGone(reason));
    this.current?.reject(new RunnerGone(reason));
    this.current = null;
    this.resolveExited();
    this.onExit(reason);
  }
}
