import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessSandbox } from "../src/process-sandbox";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolvePython } from "../src/python";
import { BUBBLEWRAP_MODES, descendantsOf, job } from "./helpers";

describe.each(BUBBLEWRAP_MODES)("ProcessSandbox basics (bubblewrap: %s)", (bubblewrap) => {
  let sandbox: ProcessSandbox;

  beforeAll(async () => {
    sandbox = new ProcessSandbox({ size: 2, bubblewrap, runnerEnv: { AWS_SECRET_ACCESS_KEY: "runner-secret" } });
    await sandbox.start();
  });
  afterAll(() => sandbox.close());

  it("names its layers", () => {
    expect(sandbox.layers).toContain("fork per job");
    expect(sandbox.layers.includes("bubblewrap")).toBe(bubblewrap);
  });

  it("runs print('hi')", async () => {
    const result = await sandbox.run(job("print('hi')"));
    expect(result).toMatchObject({ verdict: "ok", exitCode: 0, signal: null, stdout: "hi\n", stderr: "", error: null });
    expect(result.usage.wallMs).toBeGreaterThan(0);
    expect(result.usage.peakMemoryKb).toBeGreaterThan(0);
  });

  it("feeds stdin", async () => {
    const result = await sandbox.run(
      job("import sys\nprint(sys.stdin.read().upper(), end='')", { stdin: "abc\ndef\n" }),
    );
    expect(result.stdout).toBe("ABC\nDEF\n");
  });

  it("feeds stdin larger than a pipe buffer", async () => {
    const stdin = "x".repeat(200_000);
    const result = await sandbox.run(job("import sys\nprint(len(sys.stdin.read()))", { stdin }));
    expect(result.stdout).toBe("200000\n");
  });

  it("reports an exception at the user's line, without runner frames", async () => {
    const code = "def f(x):\n    return 1 / x\n\nprint('before')\nf(0)\n";
    const result = await sandbox.run(job(code));
    expect(result.verdict).toBe("runtime_error");
    expect(result.exitCode).toBe(1);
    expect(result.error).toEqual({ type: "ZeroDivisionError", message: "division by zero", line: 2 });
    expect(result.stdout).toBe("before\n");
    expect(result.stderr).toContain('File "main.py", line 5, in <module>');
    expect(result.stderr).toContain('File "main.py", line 2, in f');
    expect(result.stderr).toContain("return 1 / x");
    expect(result.stderr).not.toMatch(/runner|child\.py|job\.py|exec\(/);
  });

  it("reports a SyntaxError with its line", async () => {
    const result = await sandbox.run(job("x = 1\nif x\n    print(x)\n"));
    expect(result.verdict).toBe("runtime_error");
    expect(result.error).toMatchObject({ type: "SyntaxError", line: 2 });
    expect(result.stderr).toContain('File "main.py", line 2');
    expect(result.stderr).not.toContain("Traceback");
  });

  it("stops an infinite loop at the wall limit", async () => {
    const started = performance.now();
    const result = await sandbox.run(job("while True:\n    pass", { limits: { wallMs: 1000 } }));
    expect(result.verdict).toBe("time_limit");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.usage.wallMs).toBeGreaterThanOrEqual(1000);
  });

  it("turns a memory bomb into memory_limit", async () => {
    const result = await sandbox.run(
      job("x = []\nwhile True:\n    x.append(' ' * 10_000_000)", { limits: { memoryMb: 64 } }),
    );
    expect(result.verdict).toBe("memory_limit");
    expect(result.error?.type).toBe("MemoryError");
  });

  it("cuts an output flood and stops the job", async () => {
    const started = performance.now();
    const result = await sandbox.run(job("while True:\n    print('y' * 1000)", { limits: { outputBytes: 4096 } }));
    expect(result.verdict).toBe("output_limit");
    expect(result.truncated).toEqual({ stdout: true, stderr: false });
    // Cut at a line boundary: the four whole lines of 1,001 bytes within the 4,096.
    expect(result.stdout).toBe(`${"y".repeat(1000)}\n`.repeat(4));
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("keeps exit(3) as exit code 3", async () => {
    const result = await sandbox.run(job("print('bye')\nexit(3)"));
    expect(result).toMatchObject({ verdict: "runtime_error", exitCode: 3, signal: null, stdout: "bye\n", error: null });
  });

  it("reports the job's own CPU time and memory, measured once its code has ended", async () => {
    const result = await sandbox.run(
      job("import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\nprint('done')"),
    );
    expect(result).toMatchObject({ verdict: "ok", exitCode: 0, stdout: "done\n" });
    expect(result.usage.cpuMs).toBeGreaterThanOrEqual(250);
    expect(result.usage.cpuMs).toBeLessThan(result.usage.wallMs + 50);
    expect(result.usage.peakMemoryKb).toBeGreaterThan(1000);
  });

  it("keeps os._exit(5), which skips the runner's own ending, as exit code 5", async () => {
    const result = await sandbox.run(job("import os\nprint('bye', flush=True)\nos._exit(5)"));
    expect(result).toMatchObject({ verdict: "runtime_error", exitCode: 5, signal: null, stdout: "bye\n" });
  });

  it("the job starts with default signal handlers, not the runner's", async () => {
    const code =
      "import signal\nprint([signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD)])";
    const result = await sandbox.run(job(code));
    expect(result.stdout).toBe(`[${Array(4).fill("<Handlers.SIG_DFL: 0>").join(", ")}]\n`);
  });

  it("names a fatal signal", async () => {
    const result = await sandbox.run(job("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)"));
    expect(result).toMatchObject({ verdict: "runtime_error", exitCode: null, signal: "SIGSEGV" });
  });

  it("runs test cases and reports the first failure", async () => {
    const code = "n = int(input())\nprint(n * 2 if n != 3 else 7)   ";
    const tests = [
      { stdin: "1\n", expected: "2" },
      { stdin: "2\n", expected: "4  \n\n" },
      { stdin: "3\n", expected: "6" },
      { stdin: "4\n", expected: "8" },
    ];
    const result = await sandbox.run(job(code, { tests }));
    expect(result.verdict).toBe("ok"); // the failing case ran fine, its output was just wrong
    expect(result.stdout).toBe("7\n");
    expect(result.tests?.map((t) => t.passed)).toEqual([true, true, false, false]);
    expect(result.tests?.[2]).toMatchObject({ actual: "7\n", verdict: "ok" });
  });

  it("passes all test cases and reports the last", async () => {
    const result = await sandbox.run(
      job("print(input()[::-1])", {
        tests: [
          { stdin: "ab", expected: "ba" },
          { stdin: "xyz", expected: "zyx" },
        ],
      }),
    );
    expect(result.tests?.every((t) => t.passed)).toBe(true);
    expect(result.stdout).toBe("zyx\n");
  });

  it("gives the job an empty environment", async () => {
    // /proc/self/environ is the block the runner was exec'ed with: zeroed in the child, or (after
    // the drop to the job's unprivileged uid makes the process non-dumpable) not even readable.
    const code = [
      "import os",
      "print(sorted(os.environ))",
      "try:",
      "    print(open('/proc/self/environ', 'rb').read().replace(b'\\0', b''))",
      "except PermissionError:",
      "    print('unreadable')",
    ].join("\n");
    const result = await sandbox.run(job(code));
    // Beyond the basics, only the scientific stack's settings (one BLAS thread, matplotlib's backend).
    const names =
      "'BLIS_NUM_THREADS', 'HOME', 'LANG', 'MKL_NUM_THREADS', 'MPLBACKEND', 'MPLCONFIGDIR', 'NUMEXPR_NUM_THREADS', " +
      "'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PYTHONIOENCODING', 'TMPDIR', 'VECLIB_MAXIMUM_THREADS'";
    expect(result.stdout).toMatch(new RegExp(`^\\[${names}\\]\\n(b''|unreadable)\\n$`));
    expect(result.stdout + result.stderr).not.toContain("runner-secret");
  });

  it("seals the runner: no process of the tree, the runner included, keeps the runner's secret in its environment block", async () => {
    // The runner prunes its own environment (credentials out) and zeroes the exec-time block
    // (isolation.seal_runner); the zygote and the child forked ahead inherit that. Read from
    // outside, as the test's own uid (root can read a non-dumpable process's environ).
    await sandbox.run(job("print('hi')"));
    const read = (path: string) => {
      try {
        return readFileSync(path, "latin1");
      } catch {
        return null; // gone meanwhile (the last job's child is reaped after the answer), or unreadable
      }
    };
    for (const root of sandbox.runnerPids()) {
      // Breadth first: bwrap (and its init), then the runner, the zygote, the child forked ahead.
      const tree = [root, ...descendantsOf(root)].map((pid) => ({ pid, stat: read(`/proc/${pid}/stat`) ?? "" }));
      const pythons = tree.filter(({ stat }) => stat.includes("(python"));
      expect(pythons.length).toBeGreaterThanOrEqual(2); // the runner and its zygote at least
      for (const { pid } of pythons) {
        const environ = read(`/proc/${pid}/environ`) ?? "";
        expect(environ.length).toBeGreaterThan(0); // readable to us: the check can see the block
        expect(environ).not.toContain("runner-secret");
        expect(environ).not.toContain("AWS_SECRET_ACCESS_KEY");
      }
    }
  });

  it("takes stdin it cannot encode (a lone surrogate) as the job's input, not a runner fault", async () => {
    const result = await sandbox.run(job("import sys\nprint(len(sys.stdin.read()))", { stdin: "a\ud800b" }));
    expect(result).toMatchObject({ verdict: "ok", stdout: "3\n" });
  });

  it("runs each job in an empty dir that the next job cannot see", async () => {
    const first = await sandbox.run(
      job("import os\nprint(os.listdir('.'))\nopen('left.txt', 'w').write('secret')\nprint(os.getcwd())"),
    );
    const [listing, firstDir] = first.stdout.trim().split("\n");
    expect(listing).toBe("[]");
    const second = await sandbox.run(
      job(`import os\nprint(os.listdir('.'), os.path.exists(${JSON.stringify(`${firstDir}/left.txt`)}))`),
    );
    expect(second.stdout).toBe("[] False\n");
  });

  it("gives every forked job its own random state", async () => {
    const code = "import random\nprint(random.getrandbits(64))";
    const [a, b] = [await sandbox.run(job(code)), await sandbox.run(job(code))];
    expect(a.stdout).not.toBe(b.stdout);
  });

  it("treats the CPU-time limit (SIGXCPU) as time_limit", async () => {
    // The job lowers its own CPU limit (always allowed) so the kernel's signal comes first.
    const code = "import resource\nresource.setrlimit(resource.RLIMIT_CPU, (1, 5))\nwhile True:\n    pass";
    const result = await sandbox.run(job(code, { limits: { wallMs: 8000 } }));
    expect(result).toMatchObject({ verdict: "time_limit", signal: "SIGXCPU" });
  });

  it("runs jobs in parallel on a pool of 2", async () => {
    const started = performance.now();
    const code = "import time, os\ntime.sleep(1)\nprint(os.getcwd())";
    const results = await Promise.all([1, 2, 3, 4].map(() => sandbox.run(job(code))));
    expect(results.map((r) => r.verdict)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(new Set(results.map((r) => r.stdout)).size).toBe(4);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2000); // FIFO: 4 jobs of 1 s on 2 runners
    expect(elapsed).toBeLessThan(3500);
    expect(sandbox.stats()).toMatchObject({ size: 2, busy: 0, idle: 2, queued: 0 });
  });

  it("cancels a running job", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const result = await sandbox.run(job("import time\ntime.sleep(30)", { limits: { wallMs: 20_000 } }), {
      signal: controller.signal,
    });
    expect(result).toMatchObject({ verdict: "runtime_error", message: "cancelled" });
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await sandbox.run(job("print(1)"))).verdict).toBe("ok");
  });
});

describe("the audit hook's own code", () => {
  it("looks up no global or builtin name: everything it uses is bound at install, so rebinding them changes nothing", () => {
    const probe = [
      "import dis, sys",
      `sys.path.insert(0, ${JSON.stringify(fileURLToPath(new URL("../runner", import.meta.url)))})`,
      "import audit",
      "hooks = []",
      "audit.sys = type('S', (), {'addaudithook': staticmethod(hooks.append), 'audit': sys.audit, 'modules': sys.modules})",
      "audit.install(['/tmp'], ['/tmp'], lambda reason: None)",
      "codes = [hooks[0].__code__] + [c.cell_contents.__code__ for c in hooks[0].__closure__ if hasattr(c.cell_contents, '__code__')]",
      "print(sorted({i.argval for code in codes for i in dis.get_instructions(code) if i.opname == 'LOAD_GLOBAL'}))",
    ].join("\n");
    const result = spawnSync(resolvePython(), ["-I", "-S", "-c", probe], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("[]\n");
  });
});
