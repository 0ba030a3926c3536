import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, lstatSync, readlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bubblewrapAvailable } from "./bubblewrap";
import { LineSplitter } from "./lines";

/**
 * One AWS Lambda execution environment of the sandbox function, emulated on this machine: the
 * container image's files (the runner as LAMBDA_TASK_ROOT, the system's Python), a read-only file
 * system but for a private /tmp, no /dev/shm, its own pid and IPC namespaces (one microVM each on
 * AWS), Lambda's uid and environment variables (the role's credentials included), and a kernel that
 * answers like Lambda's 5.10 (no Landlock: lambda/bootstrap.py). It runs one invocation at a time,
 * the way Lambda does; see lambda-function.ts for the function (instances, concurrency, timeout).
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
  payload: string;
  /** "Unhandled" when the handler raised, timed out or its runtime died (as Lambda's header says). */
  functionError?: "Unhandled";
  /** The end of this invocation's log (what `LogType: Tail` returns, at most 4 KB). */
  logTail: string;
}

export interface LambdaEnvironmentLaunch {
  python: string;
  /** Every variable the runtime process starts with. */
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
    "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "169.254.100.1",
    "--die-with-parent", "--new-session",
    // The image's files only: the system (read-only) and the function's code, not this machine's
    // /home, /root or the project.
    "--ro-bind", "/usr", "/usr",
    ...systemLinks(),
    "--ro-bind", "/etc", "/etc",
    "--tmpfs", "/var",
    "--ro-bind", RUNNER_DIR, TASK_ROOT,
    "--ro-bind", BOOTSTRAP_DIR, RUNTIME_DIR,
    "--remount-ro", "/var",
    "--perms", "1777", "--size", String(TMP_BYTES), "--tmpfs", "/tmp",
    // Lambda's /dev: the usual character devices and no /dev/shm (POSIX semaphores and shared
    // memory fail there; multiprocessing's Queue and Pool are the known victims).
    "--tmpfs", "/dev",
    ...["null", "zero", "full", "random", "urandom"].flatMap((device) => ["--dev-bind", `/dev/${device}`, `/dev/${device}`]),
    "--symlink", "/proc/self/fd", "/dev/fd",
    "--symlink", "/proc/self/fd/0", "/dev/stdin",
    "--symlink", "/proc/self/fd/1", "/dev/stdout",
    "--symlink", "/proc/self/fd/2", "/dev/stderr",
    "--remount-ro", "/dev",
    "--proc", "/proc",
    "--chdir", TASK_ROOT,
  ];
  const runtime = [python, `${RUNTIME_DIR}/bootstrap.py`];
  if (!root) return { command: BWRAP, args: [...args, "--", ...runtime] };
  // As root, bwrap keeps only what setpriv needs to become Lambda's user; changing to a non-zero
  // uid then clears every capability.
  return {
    command: BWRAP,
    args: [
      ...args,
      "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
      "--", SETPRIV, `--reuid=${LAMBDA_UID}`, `--regid=${LAMBDA_GID}`, "--clear-groups", "--inh-caps=-all", "--",
      ...runtime,
    ],
  };
}

/** /bin, /lib, /lib64 are symlinks into /usr on merged-/usr systems: recreate them, else bind them. */
function systemLinks(): string[] {
  const args: string[] = [];
  for (const dir of ["/bin", "/lib", "/lib64", "/sbin"]) {
    if (!existsSync(dir)) continue;
    if (lstatSync(dir).isSymbolicLink()) args.push("--symlink", readlinkSync(dir), dir);
    else args.push("--ro-bind", dir, dir);
  }
  return args;
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
  /** Resolves once the handler module is imported; rejects with an error document if init fails. */
  readonly ready: Promise<void>;
  /** Settles once the process is gone (never rejects). */
  readonly exited: Promise<void>;
  private readonly child: ChildProcessWithoutNullStreams;
  private pending: Pending | null = null;
  private gone: string | null = null;
  private logTail = "";
  /** What the runner's start-up probe (runner/probe.py) found, once it has logged it. */
  kernelFeatures: Record<string, unknown> | null = null;
  private readonly logLines = new LineSplitter((line) => this.onLogLine(line));
  private resolveReady!: () => void;
  private rejectReady!: (errorDocument: string) => void;

  constructor(private readonly launch: LambdaEnvironmentLaunch) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {});
    const { command, args } = environmentCommand(launch.python);
    this.child = spawn(command, args, { env: launch.env, stdio: ["pipe", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => this.child.once("close", () => resolve()));
    const lines = new LineSplitter((line) => this.onLine(line));
    this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => lines.push(chunk));
    this.child.stderr.setEncoding("utf8").on("data", (chunk: string) => this.onLog(chunk));
    this.child.stdin.on("error", () => {}); // EPIPE after a crash: reported through "exit"
    this.child.on("error", (error) => this.onGone(`could not start: ${error.message}`));
    this.child.on("exit", (code, signal) => this.onGone(signal ? `signal: ${signal}` : `exit status ${code}`));
  }

  get alive(): boolean {
    return this.gone === null;
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  /** The bwrap process at the root of this environment (for tests that inspect its processes). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** One invocation; never rejects (a platform failure is an error document, as Lambda answers). */
  invoke(payload: string, requestId: string): Promise<InvokeOutcome> {
    if (this.pending) throw new Error("a Lambda execution environment runs one invocation at a time");
    if (!this.alive) return Promise.resolve(this.failure(requestId, "Runtime.ExitError", `Runtime exited with error: ${this.gone}`, ""));
    return new Promise((resolve) => {
      const started = Date.now();
      const timer = setTimeout(() => this.onTimeout(), this.launch.timeoutMs);
      this.pending = { requestId, resolve, timer, started, log: `START RequestId: ${requestId} Version: $LATEST\n` };
      const deadlineMs = started + this.launch.timeoutMs;
      this.child.stdin.write(`${JSON.stringify({ requestId, deadlineMs, functionArn: this.launch.functionArn, payload })}\n`);
    });
  }

  /** Stop the environment (its processes die with bwrap's). */
  async close(): Promise<void> {
    if (this.alive) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.kill(), 1000);
      await this.exited;
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.alive) this.child.kill("SIGKILL");
  }

  private onLine(line: string): void {
    let message: { type?: string; requestId?: string; payload?: string; error?: unknown };
    try {
      message = JSON.parse(line);
    } catch {
      this.onLog(`${line}\n`);
      return;
    }
    if (message.type === "ready") this.resolveReady();
    else if (message.type === "init_error") this.rejectReady(JSON.stringify(message.error));
    else if ((message.type === "response" || message.type === "error") && this.pending?.requestId === message.requestId) {
      const outcome =
        message.type === "response"
          ? { payload: message.payload ?? "null" }
          : { payload: JSON.stringify({ ...(message.error as object), requestId: message.requestId }), functionError: "Unhandled" as const };
      this.settle((log) => ({ ...outcome, logTail: log }));
    }
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
    this.settle((log) => this.failure(pending.requestId, "Sandbox.Timedout", `Task timed out after ${seconds} seconds`, log));
    this.gone ??= "timed out";
    this.child.kill("SIGKILL");
  }

  private onGone(reason: string): void {
    if (this.gone === null) this.gone = reason;
    const tail = this.logTail.trim().split("\n").slice(-3).join(" | ");
    this.rejectReady(errorDocument("Runtime.ExitError", `Runtime exited with error: ${reason}${tail ? ` (${tail})` : ""}`));
    const pending = this.pending;
    if (pending) this.settle((log) => this.failure(pending.requestId, "Runtime.ExitError", `Runtime exited with error: ${reason}`, log));
  }

  private failure(requestId: string, errorType: string, message: string, log: string): InvokeOutcome {
    return { payload: errorDocument(errorType, `RequestId: ${requestId} Error: ${message}`), functionError: "Unhandled", logTail: log };
  }

  private settle(outcome: (log: string) => InvokeOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    const ms = Date.now() - pending.started;
    const log = `${pending.log}END RequestId: ${pending.requestId}\nREPORT RequestId: ${pending.requestId}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(ms))} ms\n`;
    pending.resolve(outcome(log.slice(-LOG_TAIL_BYTES)));
  }
}
