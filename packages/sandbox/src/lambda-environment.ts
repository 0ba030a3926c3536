import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bubblewrapAvailable, systemLinks } from "./bubblewrap";
import { LineSplitter } from "./lines";
import { RuntimeApiTwin } from "./lambda-runtime-api";

/**
 * One AWS Lambda execution environment of the sandbox function, emulated on this machine: the
 * container image's files (the runner as LAMBDA_TASK_ROOT, the system's Python), a read-only file
 * system but for a private /tmp, no /dev/shm, its own pid and IPC namespaces (one microVM each on
 * AWS), Lambda's uid and environment variables (the role's credentials included), and a kernel that
 * answers like Lambda's 5.10 (no Landlock: lambda/bootstrap.py, which then execs the image's own
 * entry point, runner/runtime.py). The runtime gets its invocations from, and answers them to, a
 * local twin of the Lambda Runtime API (lambda-runtime-api.ts) at AWS_LAMBDA_RUNTIME_API, one at a
 * time, the way Lambda does; see lambda-function.ts for the function (instances, concurrency, timeout).
 *
 * bubblewrap builds the file system and namespaces here as *platform emulation*: the network is
 * not unshared (a Lambda in a VPC has one; the suites then prove seccomp refuses sockets against
 * listeners on this host's loopback), and nothing of the local pool's bubblewrap layer is used.
 */

/** Lambda runs a function's code as sbx_user1051 (uid 993, gid 990), never as root. */
export const LAMBDA_UID = 993;
export const LAMBDA_GID = 990;
export const TASK_ROOT = "/var/task";
export const RUNTIME_DIR = "/var/runtime";
/** Lambda's default ephemeral storage (/tmp). */
const TMP_BYTES = 512 * 1024 * 1024;
const BWRAP = "/usr/bin/bwrap";
const SETPRIV = "/usr/bin/setpriv";
const RUNNER_DIR = fileURLToPath(new URL("../runner", import.meta.url));
const BOOTSTRAP_DIR = fileURLToPath(new URL("../lambda", import.meta.url));
const LOG_TAIL_BYTES = 4096;

export interface LambdaCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** What an invocation gives back: the function's payload, or an error document (FunctionError). */
export interface InvokeOutcome {
  /** The whole response (a streamed one as its chunks joined), or the error document. */
  payload: string;
  /** "Unhandled" when the handler raised, timed out or its runtime died (as Lambda's header says). */
  functionError?: "Unhandled";
  /** The end of this invocation's log (what `LogType: Tail` returns, at most 4 KB). */
  logTail: string;
}

export interface LambdaEnvironmentLaunch {
  python: string;
  /** Every variable the runtime process starts with (AWS_LAMBDA_RUNTIME_API is set to its twin's address). */
  env: Record<string, string>;
  timeoutMs: number;
  functionArn: string;
}

/** The error document Lambda returns for a platform-side failure of one invocation. */
export function errorDocument(errorType: string, errorMessage: string): string {
  return JSON.stringify({ errorType, errorMessage });
}

/** The command line of one execution environment: bwrap builds the platform, setpriv drops to Lambda's uid. */
export function environmentCommand(python: string): { command: string; args: string[] } {
  if (!bubblewrapAvailable()) {
    throw new Error(
      "the Lambda-faithful sandbox needs bubblewrap (/usr/bin/bwrap, apt-get install bubblewrap) to build Lambda's read-only file system",
    );
  }
  const root = process.getuid?.() === 0;
  const args = [
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--hostname",
    "169.254.100.1",
    "--die-with-parent",
    "--new-session",
    // The image's files only: the system (read-only) and the function's code, not this machine's
    // /home, /root or the project.
    "--ro-bind",
    "/usr",
    "/usr",
    ...systemLinks(),
    "--ro-bind",
    "/etc",
    "/etc",
    "--tmpfs",
    "/var",
    "--ro-bind",
    RUNNER_DIR,
    TASK_ROOT,
    "--ro-bind",
    BOOTSTRAP_DIR,
    RUNTIME_DIR,
    "--remount-ro",
    "/var",
    "--perms",
    "1777",
    "--size",
    String(TMP_BYTES),
    "--tmpfs",
    "/tmp",
    // Lambda's /dev: the usual character devices and no /dev/shm (POSIX semaphores and shared
    // memory fail there; multiprocessing's Queue and Pool are the known victims).
    "--tmpfs",
    "/dev",
    ...["null", "zero", "full", "random", "urandom"].flatMap((device) => [
      "--dev-bind",
      `/dev/${device}`,
      `/dev/${device}`,
    ]),
    "--symlink",
    "/proc/self/fd",
    "/dev/fd",
    "--symlink",
    "/proc/self/fd/0",
    "/dev/stdin",
    "--symlink",
    "/proc/self/fd/1",
    "/dev/stdout",
    "--symlink",
    "/proc/self/fd/2",
    "/dev/stderr",
    "--remount-ro",
    "/dev",
    "--proc",
    "/proc",
    "--chdir",
    TASK_ROOT,
  ];
  const runtime = [python, `${RUNTIME_DIR}/bootstrap.py`]; // which execs runner/runtime.py
  if (!root) return { command: BWRAP, args: [...args, "--", ...runtime] };
  // As root, bwrap keeps only what setpriv needs to become Lambda's user; changing to a non-zero
  // uid then clears every capability.
  return {
    command: BWRAP,
    args: [
      ...args,
      "--cap-drop",
      "ALL",
      "--cap-add",
      "CAP_SETUID",
      "--cap-add",
      "CAP_SETGID",
      "--",
      SETPRIV,
      `--reuid=${LAMBDA_UID}`,
      `--regid=${LAMBDA_GID}`,
      "--clear-groups",
      "--inh-caps=-all",
      "--",
      ...runtime,
    ],
  };
}

interface Pending {
  requestId: string;
  resolve: (outcome: InvokeOutcome) => void;
  timer: NodeJS.Timeout;
  started: number;
  log: string;
}

/**
 * One execution environment: started (the init phase) on construction, one invocation at a time.
 * A timeout or a dead runtime ends the environment for good, as on Lambda; the function starts a
 * new one for the next invocation.
 */
export class LambdaEnvironment {
  /** Resolves once the runtime asks for its first invocation; rejects with an error document if init fails. */
  readonly ready: Promise<void>;
  /** Settles once the process is gone (never rejects). */
  readonly exited: Promise<void>;
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly runtimeApi = new RuntimeApiTwin();
  private pending: Pending | null = null;
  private gone: string | null = null;
  private logTail = "";
  /** What the runner's start-up probe (runner/probe.py) found, once it has logged it. */
  kernelFeatures: Record<string, unknown> | null = null;
  private readonly logLines = new LineSplitter((line) => this.onLogLine(line));
  private resolveExited!: () => void;
  private rejectReady!: (errorDocument: string) => void;

  constructor(private readonly launch: LambdaEnvironmentLaunch) {
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    let rejectExit!: (errorDocument: string) => void;
    const exitedEarly = new Promise<never>((_, reject) => (rejectExit = reject));
    this.ready = Promise.race([this.runtimeApi.initialized, exitedEarly]);
    this.ready.catch(() => {});
    this.rejectReady = rejectExit;
    void this.runtimeApi.listen().then(
      (address) => this.start(address),
      (error: Error) => this.onGone(`could not start its Runtime API: ${error.message}`),
    );
  }

  private start(address: string): void {
    if (this.gone !== null) return;
    const { command, args } = environmentCommand(this.launch.python);
    const child = spawn(command, args, {
      env: { ...this.launch.env, AWS_LAMBDA_RUNTIME_API: address },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    child.once("close", () => {
      void this.runtimeApi.close();
      this.resolveExited();
    });
    // A runtime's stdout and stderr are both its log (CloudWatch on AWS).
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => this.onLog(chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => this.onLog(chunk));
    child.stdin.on("error", () => {});
    child.stdin.end();
    child.on("error", (error) => this.onGone(`could not start: ${error.message}`));
    child.on("exit", (code, signal) => this.onGone(signal ? `signal: ${signal}` : `exit status ${code}`));
  }

  get alive(): boolean {
    return this.gone === null;
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  /** The bwrap process at the root of this environment (for tests that inspect its processes). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * One invocation; never rejects (a platform failure is an error document, as Lambda answers).
   * onChunk hears a streamed response's bytes as the runtime sends them.
   */
  invoke(payload: string, requestId: string, onChunk?: (chunk: Buffer) => void): Promise<InvokeOutcome> {
    if (this.pending) throw new Error("a Lambda execution environment runs one invocation at a time");
    if (!this.alive)
      return Promise.resolve(
        this.failure(requestId, "Runtime.ExitError", `Runtime exited with error: ${this.gone}`, ""),
      );
    return new Promise((resolve) => {
      const started = performance.now(); // durations on the monotonic clock: the wall clock can be stepped
      const timer = setTimeout(() => this.onTimeout(), this.launch.timeoutMs);
      this.pending = { requestId, resolve, timer, started, log: `START RequestId: ${requestId} Version: $LATEST\n` };
      const deadlineMs = Date.now() + this.launch.timeoutMs;
      void this.runtimeApi
        .invoke({ requestId, deadlineMs, functionArn: this.launch.functionArn, payload }, onChunk)
        .then((end) => {
          if (this.pending?.requestId !== requestId) return;
          this.settle((log) =>
            end.kind === "response"
              ? { payload: end.body, logTail: log }
              : { payload: end.document, functionError: "Unhandled", logTail: log },
          );
        });
    });
  }

  /** Stop the environment (its processes die with bwrap's). */
  async close(): Promise<void> {
    if (this.alive && this.child) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.kill(), 1000);
      await this.exited;
      clearTimeout(timer);
    } else if (!this.child) {
      this.onGone("closed");
      await this.runtimeApi.close();
      this.resolveExited();
    }
  }

  kill(): void {
    if (this.alive) this.child?.kill("SIGKILL");
  }

  private onLogLine(line: string): void {
    if (!line.startsWith('{"type": "kernel-features"')) return;
    try {
      this.kernelFeatures = JSON.parse(line) as Record<string, unknown>;
    } catch {
      // a torn line: the probe's answer stays unknown
    }
  }

  private onLog(chunk: string): void {
    this.logLines.push(chunk);
    this.logTail = (this.logTail + chunk).slice(-LOG_TAIL_BYTES);
    if (this.pending) this.pending.log = (this.pending.log + chunk).slice(-LOG_TAIL_BYTES * 4);
  }

  /** Lambda stops the environment at the function's timeout; the next invocation gets a new one. */
  private onTimeout(): void {
    const pending = this.pending;
    if (!pending) return;
    const seconds = (this.launch.timeoutMs / 1000).toFixed(2);
    this.runtimeApi.abandon();
    this.settle((log) =>
      this.failure(pending.requestId, "Sandbox.Timedout", `Task timed out after ${seconds} seconds`, log),
    );
    this.gone ??= "timed out";
    this.child?.kill("SIGKILL");
  }

  private onGone(reason: string): void {
    if (this.gone === null) this.gone = reason;
    const tail = this.logTail.trim().split("\n").slice(-3).join(" | ");
    this.rejectReady(
      errorDocument("Runtime.ExitError", `Runtime exited with error: ${reason}${tail ? ` (${tail})` : ""}`),
    );
    const pending = this.pending;
    this.runtimeApi.abandon();
    if (pending)
      this.settle((log) =>
        this.failure(pending.requestId, "Runtime.ExitError", `Runtime exited with error: ${reason}`, log),
      );
  }

  private failure(requestId: string, errorType: string, message: string, log: string): InvokeOutcome {
    return {
      payload: errorDocument(errorType, `RequestId: ${requestId} Error: ${message}`),
      functionError: "Unhandled",
      logTail: log,
    };
  }

  private settle(outcome: (log: string) => InvokeOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    const ms = performance.now() - pending.started;
    const log = `${pending.log}END RequestId: ${pending.requestId}\nREPORT RequestId: ${pending.requestId}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(ms))} ms\n`;
    pending.resolve(outcome(log.slice(-LOG_TAIL_BYTES)));
  }
}
