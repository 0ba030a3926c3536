import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "@code-remote/core/ports";
import { JOB_WALL_BUDGET_MS, type Result } from "@code-remote/core/execution";
import { ProcessSandbox } from "../src/process-sandbox";
import { job, LAMBDA_SECRETS, withLambdaSecrets } from "./helpers";
import { LambdaFaithfulSandbox } from "../src/lambda-faithful-sandbox";

/**
 * The same cases against both Sandbox implementations: the local pool and the Lambda-faithful mode
 * (runner/handler.py as the deployed function runs it). Each case states what it must get; then the
 * two results must agree on everything but timing and the (random) job directory.
 */
const SECRET = "contract-secret-91ab";

/** Echoes its input, and spins for ever on "spin": the third of SPIN_THIRD's cases. */
const SPIN_ON_INPUT = "line = input()\nwhile line == 'spin':\n    pass\nprint(line)";
const SPIN_THIRD = ["a", "b", "spin", "c", "d"].map((line) => ({ stdin: line, expected: line }));

const CASES: Array<{ name: string; request: ReturnType<typeof job>; check: (r: Result) => void }> = [
  {
    name: "hello",
    request: job("print('hi')"),
    check: (r) => expect(r).toMatchObject({ verdict: "ok", stdout: "hi\n" }),
  },
  {
    name: "stdin",
    request: job("print(input()[::-1])", { stdin: "abc\n" }),
    check: (r) => expect(r.stdout).toBe("cba\n"),
  },
  {
    name: "exception",
    request: job("x = 1\nraise KeyError('k')"),
    check: (r) =>
      expect(r).toMatchObject({ verdict: "runtime_error", exitCode: 1, error: { type: "KeyError", line: 2 } }),
  },
  {
    name: "syntax error",
    request: job("print(("),
    check: (r) => expect(r.error).toMatchObject({ type: "SyntaxError", line: 1 }),
  },
  {
    name: "exit code",
    request: job("import sys\nsys.exit(4)"),
    check: (r) => expect(r).toMatchObject({ verdict: "runtime_error", exitCode: 4 }),
  },
  {
    name: "time limit",
    request: job("while True: pass", { limits: { wallMs: 500 } }),
    check: (r) => expect(r.verdict).toBe("time_limit"),
  },
  {
    name: "memory limit",
    request: job("b = bytearray(10**9)", { limits: { memoryMb: 64 } }),
    check: (r) => expect(r.verdict).toBe("memory_limit"),
  },
  {
    name: "output limit",
    request: job("print('z' * 5000)", { limits: { outputBytes: 1024 } }),
    check: (r) => expect(r).toMatchObject({ verdict: "output_limit", truncated: { stdout: true, stderr: false } }),
  },
  {
    name: "output limit, cut at a line boundary",
    request: job("for i in range(1000):\n    print('line', i)", { limits: { outputBytes: 1024 } }),
    check: (r) => {
      expect(r).toMatchObject({ verdict: "output_limit", truncated: { stdout: true, stderr: false } });
      const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join("");
      expect(r.stdout.endsWith("\n")).toBe(true);
      expect(lines.startsWith(r.stdout)).toBe(true);
      expect(Buffer.byteLength(r.stdout)).toBeGreaterThan(1024 - "line 999\n".length);
    },
  },
  {
    name: "output limit, one line longer than the limit cut at a character boundary",
    request: job("import sys\nsys.stderr.write('é' * 5000)", { limits: { outputBytes: 1025 } }),
    check: (r) => {
      expect(r).toMatchObject({ verdict: "output_limit", truncated: { stdout: false, stderr: true } });
      expect(r.stderr).toBe("é".repeat(512)); // 1,024 bytes: the 513th character would be cut in half
    },
  },
  {
    name: "signal",
    request: job("import os\nos.abort()"),
    check: (r) => expect(r).toMatchObject({ verdict: "runtime_error", signal: "SIGABRT" }),
  },
  {
    name: "network",
    request: job("import socket\nsocket.socket()"),
    check: (r) => expect(r.message).toBe("blocked: network access is not allowed"),
  },
  {
    name: "processes",
    request: job("import os\nos.fork()"),
    check: (r) => expect(r.message).toBe("blocked: starting processes is not allowed"),
  },
  {
    name: "environment",
    request: job("import os\nprint(sorted(os.environ))"),
    check: (r) =>
      expect(r.stdout).toBe(
        "['BLIS_NUM_THREADS', 'HOME', 'LANG', 'MKL_NUM_THREADS', 'MPLBACKEND', 'MPLCONFIGDIR', 'NUMEXPR_NUM_THREADS', " +
          "'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PYTHONIOENCODING', 'TMPDIR', 'VECLIB_MAXIMUM_THREADS']\n",
      ),
  },
  {
    name: "plot",
    request: job(
      "import matplotlib.pyplot as plt\nimport numpy as np\nplt.figure(figsize=(3, 2))\nplt.plot(np.arange(5))\nplt.show()",
    ),
    check: (r) => expect(r.images?.map((i) => [i.name, i.width, i.height])).toEqual([["figure-1.png", 300, 200]]),
  },
  {
    name: "tests",
    request: job("print(int(input()) + 1)", {
      tests: [
        { stdin: "1", expected: "2" },
        { stdin: "5", expected: "7" },
      ],
    }),
    check: (r) => expect(r.tests?.map((t) => t.passed)).toEqual([true, false]),
  },
  {
    name: "a test case that spins past its own wall limit (the job's budget is not what stopped it)",
    request: job(SPIN_ON_INPUT, { limits: { wallMs: 1_000 }, tests: SPIN_THIRD }),
    check: (r) => {
      expect(r.verdict).toBe("time_limit");
      expect(r.message).toBe("time limit exceeded: ran longer than 1000 ms");
      expect(r.tests?.map((t) => [t.passed, t.verdict, t.outOfBudget])).toEqual([
        [true, "ok", undefined],
        [true, "ok", undefined],
        [false, "time_limit", undefined],
        [false, undefined, undefined],
        [false, undefined, undefined],
      ]);
    },
  },
  {
    name: "test cases past the job's time budget: the one it cuts off fails, the rest are not run",
    request: job(SPIN_ON_INPUT, { limits: { wallMs: 5_000 }, budgetMs: 1_500, tests: SPIN_THIRD }),
    check: (r) => {
      expect(r.verdict).toBe("time_limit");
      expect(r.message).toBe("time budget used: a job's runs together may last 1500 ms");
      expect(r.tests?.map((t) => [t.passed, t.verdict, t.outOfBudget])).toEqual([
        [true, "ok", undefined],
        [true, "ok", undefined],
        [false, "time_limit", true],
        [false, undefined, true],
        [false, undefined, true],
      ]);
    },
  },
  {
    name: "a single run past the job's time budget (a stage may set one below the wall limit)",
    request: job("while True:\n    pass", { limits: { wallMs: 5_000 }, budgetMs: 300 }),
    check: (r) =>
      expect(r).toMatchObject({
        verdict: "time_limit",
        message: "time budget used: a job's runs together may last 300 ms",
      }),
  },
];

/** Everything the two implementations must agree on. When the runner stops a job at a limit, the
 * child may or may not have exited on its own first, so how it ended is timing, not contract; so
 * are usage and the sampled heat map (where the CPU clock's ticks fell). */
function comparable(result: Result) {
  const { usage: _usage, lineSamples: _samples, ...rest } = result;
  if (result.verdict === "output_limit" || result.verdict === "time_limit")
    Object.assign(rest, { exitCode: null, signal: null });
  return JSON.parse(JSON.stringify(rest).replace(/\/tmp\/code-remote-[^"/\\]+\/[^"/\\]+/g, "<jobdir>"));
}

describe("Sandbox contract: ProcessSandbox and the Lambda-faithful mode agree", () => {
  const sandboxes: Record<string, Sandbox & { close(): Promise<void> }> = {};

  beforeAll(async () => {
    const pool = new ProcessSandbox({ size: 2, bubblewrap: false, runnerEnv: { AWS_SECRET_ACCESS_KEY: SECRET } });
    await pool.start();
    sandboxes.process = pool;
    const lambda = new LambdaFaithfulSandbox(withLambdaSecrets({ concurrency: 1 }));
    await lambda.start();
    sandboxes.lambda = lambda;
  });
  afterAll(async () => {
    await Promise.all(Object.values(sandboxes).map((sandbox) => sandbox.close()));
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, { request, check }) => {
    const [local, lambda] = [await sandboxes.process!.run(request), await sandboxes.lambda!.run(request)];
    check(local);
    check(lambda);
    expect(comparable(lambda)).toEqual(comparable(local));
    for (const secret of [SECRET, ...Object.values(LAMBDA_SECRETS)])
      expect(JSON.stringify([local, lambda])).not.toContain(secret);
  });
});

describe("the job's time budget", () => {
  it("is the same in the runner (for a request that does not say) as in core's limits", () => {
    const python = readFileSync(fileURLToPath(new URL("../runner/job.py", import.meta.url)), "utf8");
    const raw = /^JOB_WALL_BUDGET_MS = (.+)$/m.exec(python)?.[1];
    expect(Number(raw?.replace(/_/g, ""))).toBe(JOB_WALL_BUDGET_MS);
  });
});
