import { LIMIT_MAXIMA } from "@code-remote/core/execution";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { LAMBDA_UID } from "../src/lambda-environment";
import { LambdaFunction, LambdaThrottled, type LambdaFunctionOptions } from "../src/lambda-function";
import { LambdaFaithfulSandbox } from "../src/lambda-faithful-sandbox";
import { resultOfResponse } from "@code-remote/core/execution";
import { descendantsOf, job } from "./helpers";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, "");

/**
 * The Lambda-faithful mode itself: what it emulates of a Lambda execution environment (the kernel,
 * the file system, the user, one invocation at a time, the function's timeout and errors). The
 * contract and attack suites run the sandbox's cases through it.
 */
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((thing) => thing.close()));
});

/** A function of its own, for a test that ends or crowds its environments. */
function lambdaFunction(options: LambdaFunctionOptions = {}): LambdaFunction {
  const fn = new LambdaFunction({ concurrency: 1, ...options });
  opened.push(fn);
  return fn;
}

// One warm function and one kernel-only sandbox shared by the tests that leave them warm (a cold
// start imports the scientific libraries: seconds on a loaded machine).
const CREDENTIALS = {
  accessKeyId: "ASIAFAITHFULTEST0001",
  secretAccessKey: "faithful-secret-5e1",
  sessionToken: "faithful-token-0c2",
};
const SST_KEY = "faithful-sst-key-9a7";
let sharedFunction: Promise<LambdaFunction> | undefined;
let sharedKernelOnly: Promise<LambdaFaithfulSandbox> | undefined;
afterAll(async () => {
  await Promise.all([sharedFunction?.then((fn) => fn.close()), sharedKernelOnly?.then((sandbox) => sandbox.close())]);
});

function warmFunction(): Promise<LambdaFunction> {
  sharedFunction ??= (async () => {
    const fn = new LambdaFunction({ concurrency: 1, credentials: CREDENTIALS, environment: { SST_KEY } });
    await fn.start();
    return fn;
  })();
  return sharedFunction;
}

function kernelOnlySandbox(): Promise<LambdaFaithfulSandbox> {
  sharedKernelOnly ??= (async () => {
    const sandbox = new LambdaFaithfulSandbox({ concurrency: 1, auditHook: false });
    await sandbox.start();
    return sandbox;
  })();
  return sharedKernelOnly;
}

/** The Result a successful invocation's (streamed, newline-delimited) response ends with. */
const resultOf = (outcome: { payload: string }) => resultOfResponse(outcome.payload) as any;
const invokeJob = (fn: LambdaFunction, code: string, limits: { wallMs?: number } = {}) =>
  fn.invoke(JSON.stringify(job(code, { limits })));

describe("the platform a Lambda-faithful job runs on", () => {
  it("runs the runtime as Lambda's user, in its own pid namespace", async () => {
    const fn = await warmFunction();
    const uids = descendantsOf(fn.environmentPids()[0]!).map((pid) =>
      Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]),
    );
    expect(uids).toContain(LAMBDA_UID);
    expect(uids.filter((uid) => uid !== 0 && uid !== LAMBDA_UID)).toEqual([]);
    const outcome = await invokeJob(
      fn,
      "import os\nprint(os.getuid(), os.getgid(), os.getgroups(), os.getpid() < 100)",
    );
    expect(resultOf(outcome)).toMatchObject({ verdict: "ok", stdout: "993 990 [] True\n" });
  });

  it("gives the runner's start-up probe Lambda's answers: no Landlock, no user namespaces, no /dev/shm, uid 993", async () => {
    const fn = await warmFunction();
    await expect
      .poll(() => fn.kernelFeatures())
      .toMatchObject({ uid: LAMBDA_UID, landlockAbi: 0, userNamespaces: false, seccompFilter: true, devShm: false });
  });

  it("is a 5.10 kernel to the runtime and its jobs: Landlock's calls answer ENOSYS", async () => {
    const sandbox = await kernelOnlySandbox();
    const code =
      "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nprint(libc.syscall(444, None, 0, 1), ctypes.get_errno())";
    const result = await sandbox.run(job(code));
    expect(result).toMatchObject({ verdict: "ok", stdout: "-1 38\n" });
    expect(sandbox.layers.join(" ")).toMatch(/no Landlock/);
  });

  it("has a read-only file system but for /tmp, no /dev/shm, and none of this machine's project files", async () => {
    const sandbox = await kernelOnlySandbox();
    const code = [
      "import os",
      "for path in ('/var/task/x', '/etc/x', '/usr/x'):",
      "    try:",
      "        open(path, 'w')",
      "    except OSError as e:",
      "        print(path, e.errno)",
      "open('mine.txt', 'w').write('1')",
      "print(os.getcwd().startswith('/tmp/'), os.path.exists('/dev/shm'), sorted(os.listdir('/var')))",
      `print(os.path.exists(${JSON.stringify(REPO_ROOT)}))`,
    ].join("\n");
    const result = await sandbox.run(job(code));
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("/var/task/x 30\n/etc/x 30\n/usr/x 30\nTrue False ['runtime', 'task']\nFalse\n");
  });
});

describe("a Lambda-faithful function", () => {
  it("streams a job's output through runner/runtime.py as it is printed, then the Result", async () => {
    const sandbox = await kernelOnlySandbox();
    const started = performance.now();
    const chunks: Array<{ at: number; stream: string; data: string }> = [];
    const code =
      "import sys, time\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.4)\nprint('late', file=sys.stderr)";
    const result = await sandbox.run(job(code), {
      onOutput: (chunk) => chunks.push({ at: performance.now() - started, ...chunk }),
    });
    const done = performance.now() - started;
    expect(result).toMatchObject({ verdict: "ok", stdout: "0\n1\n2\n", stderr: "late\n" });
    expect(chunks.map(({ stream, data }) => ({ stream, data }))).toEqual([
      { stream: "stdout", data: "0\n" },
      { stream: "stdout", data: "1\n" },
      { stream: "stdout", data: "2\n" },
      { stream: "stderr", data: "late\n" },
    ]);
    expect(done - chunks[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("carries output at the largest limit within Lambda's streamed response quota, even output JSON makes six times larger", async () => {
    const sandbox = await kernelOnlySandbox();
    const limit = LIMIT_MAXIMA.outputBytes;
    const plain = await sandbox.run(
      job(`import sys\nfor i in range(${limit / 64}):\n    print('x' * 63)\n    print('y' * 63, file=sys.stderr)`, {
        limits: { outputBytes: limit },
      }),
    );
    expect(plain).toMatchObject({ verdict: "ok", truncated: { stdout: false, stderr: false } });
    expect(plain.stdout.length + plain.stderr.length).toBe(2 * limit);
    const control = await sandbox.run(
      job(`import sys\nsys.stdout.write('\\x01' * ${limit})\nsys.stderr.write('\\x01' * ${limit})`, {
        limits: { outputBytes: limit },
      }),
    );
    expect(control.verdict).toBe("ok");
    expect(control.truncated).toEqual({ stdout: true, stderr: true });
    expect(control.message).toMatch(/cut to fit the sandbox's response/);
    expect(control.stdout.length).toBeGreaterThan(limit / 4);
  });

  it("stops an invocation at the function's timeout (Sandbox.Timedout) and answers the next from a new environment", async () => {
    const fn = lambdaFunction({ timeoutMs: 1500 });
    await fn.start();
    const [first] = fn.environmentPids();
    const started = performance.now();
    const timedOut = await invokeJob(fn, "while True: pass", { wallMs: 20_000 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(timedOut.functionError).toBe("Unhandled");
    expect(JSON.parse(timedOut.payload)).toMatchObject({
      errorType: "Sandbox.Timedout",
      errorMessage: expect.stringMatching(/Task timed out after 1\.50 seconds$/),
    });
    const next = await invokeJob(fn, "print('again')");
    expect(resultOf(next)).toMatchObject({ verdict: "ok", stdout: "again\n" });
    expect(fn.environmentPids()).not.toContain(first);
  });

  it("runs one invocation per environment: beyond its concurrency it throttles, or the caller waits", async () => {
    const fn = await warmFunction();
    const slow = invokeJob(fn, "import time\ntime.sleep(0.5)\nprint('slow')");
    await expect(fn.invoke(JSON.stringify(job("print(1)")), { wait: false })).rejects.toBeInstanceOf(LambdaThrottled);
    const waited = invokeJob(fn, "print('waited')");
    expect(resultOf(await slow).stdout).toBe("slow\n");
    expect(resultOf(await waited).stdout).toBe("waited\n");
    expect(fn.environmentPids()).toHaveLength(1);
  });

  it("answers a payload that is not JSON with Runtime.UnmarshalError, and stays warm", async () => {
    const fn = await warmFunction();
    const [pid] = fn.environmentPids();
    const outcome = await fn.invoke("{not json");
    expect(outcome.functionError).toBe("Unhandled");
    expect(JSON.parse(outcome.payload)).toMatchObject({ errorType: "Runtime.UnmarshalError" });
    expect(resultOf(await invokeJob(fn, "print(2)")).stdout).toBe("2\n");
    expect(fn.environmentPids()).toEqual([pid]);
  });

  it("reports a runtime that dies mid-invocation as Runtime.ExitError; the next invocation starts cold", async () => {
    const fn = lambdaFunction();
    await fn.start();
    const [root] = fn.environmentPids();
    const running = invokeJob(fn, "import time\ntime.sleep(30)", { wallMs: 30_000 });
    const runtime = descendantsOf(root!).find(
      (pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[1] === "/var/task/runtime.py",
    );
    // Wait until the job is running (the runtime has a child doing it), then kill the runtime.
    await expect.poll(() => descendantsOf(runtime!).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    process.kill(runtime!, "SIGKILL");
    const outcome = await running;
    expect(outcome.functionError).toBe("Unhandled");
    expect(JSON.parse(outcome.payload)).toMatchObject({
      errorType: "Runtime.ExitError",
      errorMessage: expect.stringMatching(/Runtime exited with error: /),
    });
    expect(resultOf(await invokeJob(fn, "print(3)")).stdout).toBe("3\n");
  });

  it("puts the role's credentials and SST_KEY in the runtime's environment, as Lambda does, and in no job's", async () => {
    const fn = await warmFunction();
    const credentials = CREDENTIALS;
    expect(fn.runtimeEnv).toMatchObject({
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      SST_KEY,
      AWS_LAMBDA_FUNCTION_NAME: "sandbox",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1536",
      AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001",
      LAMBDA_TASK_ROOT: "/var/task",
      LAMBDA_RUNTIME_DIR: "/var/runtime",
      TZ: ":UTC",
    });
    const outcome = await invokeJob(
      fn,
      "import os\nprint(sorted(os.environ))\ntry:\n    print(open('/proc/self/environ').read())\nexcept OSError:\n    pass",
    );
    const result = resultOf(outcome);
    expect(result.verdict).toBe("ok");
    for (const secret of [...Object.values(credentials), SST_KEY]) expect(outcome.payload).not.toContain(secret);
    expect(result.stdout).not.toMatch(/AWS_|SST_|LAMBDA_/);
  });
});
