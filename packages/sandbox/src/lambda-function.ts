import { randomBytes, randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import { resolvePython } from "./python";
import {
  type InvokeOutcome,
  type LambdaCredentials,
  LambdaEnvironment,
  type LambdaEnvironmentLaunch,
  RUNTIME_DIR,
  TASK_ROOT,
} from "./lambda-environment";

export interface LambdaFunctionOptions {
  /** Default "sandbox". */
  functionName?: string;
  /** Default the caller's AWS_REGION, else us-east-1. */
  region?: string;
  /** AWS_LAMBDA_FUNCTION_MEMORY_SIZE; default 1536, as infra/sandbox.ts deploys it. */
  memoryMb?: number;
  /** The function's timeout; default 40 s (the local stack gives it infra's SANDBOX_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  /** Execution environments at most (the function's concurrency); default os.availableParallelism(). */
  concurrency?: number;
  /** The function's own environment variables (its configuration); SST_KEY defaults to the caller's. */
  environment?: Record<string, string>;
  /** The execution role's credentials; default the caller's AWS_ACCESS_KEY_ID / _SECRET_ACCESS_KEY / _SESSION_TOKEN. */
  credentials?: LambdaCredentials;
  python?: string;
  /** Only the attack suite turns it off, to prove what the kernel layers hold on Lambda. Default true. */
  auditHook?: boolean;
}

/** Every execution environment is busy and the function may not scale further (Lambda's 429). */
export class LambdaThrottled extends Error {
  constructor(readonly concurrency: number) {
    super(`Rate Exceeded: the function's concurrency (${concurrency}) is in use`);
    this.name = "LambdaThrottled";
  }
}

export const LAMBDA_ACCOUNT_ID = "123456789012";
const HANDLER = "handler.handler";

/** The caller's credentials, as the role's would be; placeholders when it has none (Lambda always sets them). */
function callerCredentials(): LambdaCredentials {
  return {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID || `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || randomBytes(30).toString("base64"),
    sessionToken: process.env.AWS_SESSION_TOKEN || randomBytes(96).toString("base64"),
  };
}

function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "/");
  return `${day}/[$LATEST]${randomBytes(16).toString("hex")}`;
}

/**
 * The sandbox function as Lambda runs it: execution environments (lambda-environment.ts) started on
 * demand up to the function's concurrency, each running one invocation at a time and reused while
 * warm; a timed-out or crashed one is replaced by a cold one. The environment every runtime starts
 * with is Lambda's reserved and default variables, the role's credentials, and the function's own.
 */
export class LambdaFunction {
  readonly functionName: string;
  readonly functionArn: string;
  readonly region: string;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** Exactly what each runtime process's environment holds (tests look for these values in outputs). */
  readonly runtimeEnv: Readonly<Record<string, string>>;

  private readonly python: string;
  private readonly environments = new Set<LambdaEnvironment>();
  private readonly idle: LambdaEnvironment[] = [];
  private readonly waiters: Array<() => void> = [];
  private closed = false;

  constructor(options: LambdaFunctionOptions = {}) {
    this.functionName = options.functionName ?? "sandbox";
    this.region = options.region ?? (process.env.AWS_REGION || "us-east-1");
    this.functionArn = `arn:aws:lambda:${this.region}:${LAMBDA_ACCOUNT_ID}:function:${this.functionName}`;
    this.memoryMb = options.memoryMb ?? 1536;
    this.timeoutMs = options.timeoutMs ?? 40_000;
    this.concurrency = Math.max(1, options.concurrency ?? availableParallelism());
    this.python = resolvePython(options.python);
    const credentials = options.credentials ?? callerCredentials();
    const sstKey = process.env.SST_KEY || randomBytes(32).toString("base64");
    this.runtimeEnv = {
      // The function's configuration first: Lambda's reserved variables cannot be overridden.
      SST_KEY: sstKey,
      // The handler's switch for the kernel-only test runs (runner/handler.py); never deployed.
      ...(options.auditHook === false ? { CODE_REMOTE_AUDIT_HOOK: "off" } : {}),
      ...options.environment,
      // Unreserved defaults (documented values; the Python base image's PATH and LD_LIBRARY_PATH).
      LANG: "en_US.UTF-8",
      PATH: "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin",
      LD_LIBRARY_PATH: `/var/lang/lib:/lib64:/usr/lib64:${RUNTIME_DIR}:${RUNTIME_DIR}/lib:${TASK_ROOT}:${TASK_ROOT}/lib:/opt/lib`,
      PYTHONPATH: RUNTIME_DIR,
      // Reserved.
      _HANDLER: HANDLER,
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_EXECUTION_ENV: "AWS_Lambda_python3.12",
      AWS_LAMBDA_FUNCTION_NAME: this.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(),
      // Lambda's address; each environment's runtime gets its own Runtime API twin's instead.
      AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001",
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
      AWS_XRAY_DAEMON_ADDRESS: "169.254.79.129:2000",
      _AWS_XRAY_DAEMON_ADDRESS: "169.254.79.129",
      _AWS_XRAY_DAEMON_PORT: "2000",
      LAMBDA_TASK_ROOT: TASK_ROOT,
      LAMBDA_RUNTIME_DIR: RUNTIME_DIR,
      TZ: ":UTC",
    };
  }

  /** Start `count` environments ahead (provisioned, in Lambda's words); rejects if one fails its init. */
  async start(count = 1): Promise<void> {
    const started = Array.from({ length: Math.min(count, this.concurrency) - this.environments.size }, () =>
      this.create(),
    );
    try {
      await Promise.all(started.map((environment) => environment.ready));
    } catch (errorDocument) {
      for (const environment of started) this.drop(environment);
      throw new Error(`the sandbox function failed its init: ${String(errorDocument)}`);
    }
    for (const environment of started) this.release(environment);
  }

  /**
   * One synchronous invocation. wait: when every environment is busy and the function may not
   * scale, wait for one (a driver's queue) instead of throwing LambdaThrottled (Lambda's answer).
   * onChunk: hears the response's bytes as the runtime streams them (InvokeWithResponseStream);
   * the outcome's payload is still the whole response.
   */
  async invoke(
    payload: string,
    options: { wait?: boolean; onChunk?: (chunk: Buffer) => void } = {},
  ): Promise<InvokeOutcome> {
    if (this.closed) throw new Error("the sandbox function is closed");
    const requestId = randomUUID();
    const acquired = await this.acquire(options.wait ?? true);
    if (typeof acquired === "string") {
      return {
        payload: acquired,
        functionError: "Unhandled",
        logTail: `INIT_REPORT RequestId: ${requestId} Status: error\n`,
      };
    }
    try {
      return await acquired.invoke(payload, requestId, options.onChunk);
    } finally {
      this.release(acquired);
    }
  }

  /** What the runner's start-up probe reported in a live environment (runner/probe.py), if any has. */
  kernelFeatures(): Record<string, unknown> | null {
    for (const environment of this.environments) if (environment.kernelFeatures) return environment.kernelFeatures;
    return null;
  }

  /** The bwrap process of each live environment. */
  environmentPids(): number[] {
    return [...this.environments].flatMap((environment) => (environment.pid === undefined ? [] : [environment.pid]));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter();
    await Promise.all([...this.environments].map((environment) => environment.close()));
    this.environments.clear();
    this.idle.length = 0;
  }

  private create(): LambdaEnvironment {
    const launch: LambdaEnvironmentLaunch = {
      python: this.python,
      env: { ...this.runtimeEnv },
      timeoutMs: this.timeoutMs,
      functionArn: this.functionArn,
    };
    const environment = new LambdaEnvironment(launch);
    this.environments.add(environment);
    void environment.exited.then(() => this.drop(environment));
    return environment;
  }

  /** A warm environment, a cold one (its init error document if the init failed), or a wait. */
  private async acquire(wait: boolean): Promise<LambdaEnvironment | string> {
    for (;;) {
      if (this.closed) throw new Error("the sandbox function is closed");
      const warm = this.idle.pop();
      if (warm?.alive) return warm;
      if (warm) continue;
      if (this.environments.size < this.concurrency) {
        const cold = this.create();
        try {
          await cold.ready;
          return cold;
        } catch (errorDocument) {
          cold.kill();
          this.drop(cold);
          return String(errorDocument);
        }
      }
      if (!wait) throw new LambdaThrottled(this.concurrency);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(environment: LambdaEnvironment): void {
    if (environment.alive && !this.closed) this.idle.push(environment);
    else this.drop(environment);
    this.waiters.shift()?.();
  }

  private drop(environment: LambdaEnvironment): void {
    if (!this.environments.delete(environment)) return;
    const at = this.idle.indexOf(environment);
    if (at >= 0) this.idle.splice(at, 1);
    this.waiters.shift()?.(); // room for a new environment
  }
}
