import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_TRACE_BYTES,
  MAX_TRACE_ITEMS,
  MAX_TRACE_STEPS,
  MAX_TRACE_STRING,
  TraceSchema,
  type Result,
  type Trace,
  type TraceStep,
  type TraceValue,
} from "@code-remote/core/execution";
import { ProcessSandbox } from "../src/process-sandbox";
import { resolvePython } from "../src/python";
import { job } from "./helpers";
import { PROGRAMS } from "./tracer/programs";

const REFERENCE = fileURLToPath(new URL("./tracer/reference.py", import.meta.url));
const RUNNER = fileURLToPath(new URL("../runner", import.meta.url));
const python = resolvePython();

/** [event, line] of every event of main.py's frames under a plain sys.settrace, outside the sandbox. */
function reference(code: string): [string, number][] {
  const run = spawnSync(python, ["-I", "-S", REFERENCE], { input: code, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  // CPython reports the module's call event at line 0; a trace counts lines from 1 and puts it at 1.
  return (JSON.parse(run.stdout.trim().split("\n").at(-1)!) as [string, number][]).map(([event, line]) => [
    event,
    Math.max(line, 1),
  ]);
}

const events = (trace: Trace) => trace.steps.map((step) => [step.event, step.line]);
const frameOf = (step: TraceStep) => step.stack.at(-1)!;
const local = (step: TraceStep, name: string): TraceValue | undefined =>
  frameOf(step).locals.find(([key]) => key === name)?.[1];
const refId = (value: TraceValue | undefined) => (value?.t === "ref" ? value.id : undefined);

describe("tracer", () => {
  let sandbox: ProcessSandbox;

  beforeAll(async () => {
    sandbox = new ProcessSandbox({ size: 1, bubblewrap: false });
    await sandbox.start();
  });
  afterAll(() => sandbox.close());

  const traced = async (code: string, limits = {}): Promise<Result & { trace: Trace }> => {
    const result = await sandbox.run(job(code, { mode: "trace", limits }));
    expect(result.trace, result.message ?? result.stderr).toBeDefined();
    expect(TraceSchema.safeParse(result.trace).success).toBe(true);
    return result as Result & { trace: Trace };
  };

  it("uses the caps of the core schema", () => {
    const run = spawnSync(
      python,
      [
        "-I",
        "-S",
        "-c",
        "import sys; sys.path.insert(0, sys.argv[1]); import traceregion as t; print(t.MAX_TRACE_STEPS, t.MAX_TRACE_BYTES, t.MAX_TRACE_ITEMS, t.MAX_TRACE_STRING)",
        RUNNER,
      ],
      { encoding: "utf8" },
    );
    expect(run.stdout.trim()).toBe(`${MAX_TRACE_STEPS} ${MAX_TRACE_BYTES} ${MAX_TRACE_ITEMS} ${MAX_TRACE_STRING}`);
  });

  for (const [name, code] of Object.entries(PROGRAMS)) {
    it(`records the same events as sys.settrace: ${name}`, async () => {
      const result = await traced(code);
      const expected = reference(code);
      expect(expected.length).toBeGreaterThan(3);
      expect(expected.length).toBeLessThanOrEqual(MAX_TRACE_STEPS);
      expect(events(result.trace)).toEqual(expected);
      expect(result.trace.truncated).toBe(false);
      // lineCounts: every line event of the run.
      const lines = expected.filter(([event]) => event === "line").map(([, line]) => line);
      const counts: Record<string, number> = {};
      for (const line of lines) counts[String(line)] = (counts[String(line)] ?? 0) + 1;
      expect(result.trace.lineCounts).toEqual(counts);
      // The same program run plainly prints the same.
      const plain = await sandbox.run(job(code));
      expect(result.stdout).toBe(plain.stdout);
      expect(result.verdict).toBe(plain.verdict);
      expect(plain.trace).toBeUndefined();
      expect(plain.profile).toBeUndefined();
    });
  }

  it("shows each recursion level's n, and the values returned", async () => {
    const { trace } = await traced(PROGRAMS.recursion!);
    const calls = trace.steps.filter((step) => step.event === "call" && frameOf(step).name === "fact");
    expect(calls.map((step) => local(step, "n"))).toEqual([5, 4, 3, 2, 1].map((n) => ({ t: "int", v: String(n) })));
    expect(calls.at(-1)!.stack.map((frame) => frame.name)).toEqual([
      "<module>",
      "fact",
      "fact",
      "fact",
      "fact",
      "fact",
    ]);
    const returns = trace.steps.filter((step) => step.event === "return" && frameOf(step).name === "fact");
    expect(returns.map((step) => step.returned)).toEqual([1, 2, 6, 24, 120].map((n) => ({ t: "int", v: String(n) })));
  });

  it("keeps aliasing visible: a = b = [] share one heap id", async () => {
    const { trace } = await traced(PROGRAMS.aliasing!);
    const at = (line: number) => trace.steps.find((step) => step.event === "line" && step.line === line)!;
    const second = at(2);
    expect(refId(local(second, "a"))).toBeDefined();
    expect(refId(local(second, "a"))).toBe(refId(local(second, "b")));
    expect(second.heap[refId(local(second, "a"))!]).toEqual({ t: "list", items: [] });
    const fifth = at(5);
    const id = refId(local(fifth, "a"))!;
    expect(refId(local(fifth, "b"))).toBe(id);
    expect(fifth.heap[id]).toEqual({
      t: "list",
      items: [
        { t: "int", v: "1" },
        { t: "int", v: "2" },
      ],
    });
    expect(fifth.heap[refId(local(fifth, "c"))!]).toEqual({
      t: "list",
      items: [
        { t: "ref", id },
        { t: "ref", id },
      ],
    });
    // The same object keeps its id across steps.
    expect(refId(local(at(3), "a"))).toBe(id);
  });

  it("renders objects through their __dict__ and closures through their cells", async () => {
    const classes = await traced(PROGRAMS.classes!);
    const last = classes.trace.steps.find((step) => step.event === "line" && step.line === 11)!;
    const q = last.heap[refId(local(last, "q"))!];
    expect(q).toEqual({
      t: "object",
      type: "Point",
      attrs: [
        ["x", { t: "int", v: "4" }],
        ["y", { t: "int", v: "2" }],
      ],
    });
    expect(last.heap[refId(local(last, "Point"))!]).toEqual({ t: "class", name: "Point" });
    const closures = await traced(PROGRAMS.closures!);
    const bumps = closures.trace.steps.filter(
      (step) =>
        (step.event === "return" && frameOf(step).name === "make_counter.<locals>.bump") ||
        (step.event === "return" && frameOf(step).name === "bump"),
    );
    expect(bumps.map((step) => local(step, "count"))).toEqual([1, 2, 3].map((n) => ({ t: "int", v: String(n) })));
  });

  it("cuts long lists, strings and dicts and says how much was left out", async () => {
    const { trace } = await traced(PROGRAMS.long_values!);
    const last = trace.steps.find((step) => step.event === "line" && step.line === 4)!;
    const numbers = last.heap[refId(local(last, "numbers"))!];
    expect(numbers).toMatchObject({ t: "list", omitted: 10000 - MAX_TRACE_ITEMS });
    expect(numbers?.t === "list" && numbers.items.length).toBe(MAX_TRACE_ITEMS);
    expect(local(last, "text")).toEqual({
      t: "str",
      v: "x".repeat(MAX_TRACE_STRING),
      omitted: 1000 - MAX_TRACE_STRING,
    });
    expect(last.heap[refId(local(last, "table"))!]).toMatchObject({ t: "dict", omitted: 100 - MAX_TRACE_ITEMS });
  });

  it("never calls a hostile __repr__, __eq__, __hash__, __getattr__ or property while rendering", async () => {
    const result = await traced(PROGRAMS.hostile!);
    expect(result.verdict).toBe("ok");
    expect(result.stdout).toBe("end\n");
    const last = result.trace.steps.find(
      (step) => step.event === "line" && step.line === PROGRAMS.hostile!.split("\n").indexOf("done = True") + 1,
    )!;
    const box = last.heap[refId(local(last, "box"))!];
    expect(box?.t).toBe("list");
    const types = box?.t === "list" ? box.items.map((item) => last.heap[refId(item)!]) : [];
    expect(types).toEqual([
      { t: "object", type: "Hostile", attrs: [] },
      { t: "object", type: "Odd", attrs: [] },
      { t: "class", name: "Odd" },
      { t: "object", type: "Loud", attrs: [] },
    ]);
    const raised = result.trace.steps.find((step) => step.event === "exception")!;
    expect(raised.exception).toEqual({ type: "Boom", message: "<Hostile object>" });
  });

  it("marks the exception steps of an uncaught exception, and the verdict is the plain run's", async () => {
    const result = await traced(PROGRAMS.uncaught!);
    expect(result.verdict).toBe("runtime_error");
    expect(result.error).toMatchObject({ type: "KeyError", line: 2 });
    const raised = result.trace.steps.filter((step) => step.event === "exception");
    expect(raised.map((step) => [frameOf(step).name, step.line])).toEqual([
      ["inner", 2],
      ["outer", 5],
      ["<module>", 8],
    ]);
    expect(raised[0]!.exception).toEqual({ type: "KeyError", message: "'missing'" });
    expect(result.stdout).toBe("before\n");
  });

  it("counts stdout as the Result's stdout string, step by step", async () => {
    const code = "print('héllo')\nprint('😀!')\nx = 1\n";
    const result = await traced(code);
    const at = (line: number) =>
      result.trace.steps.find((step) => step.event === "line" && step.line === line)!.stdoutLength;
    expect(result.stdout).toBe("héllo\n😀!\n");
    expect([at(1), at(2), at(3)]).toEqual([0, "héllo\n".length, "héllo\n😀!\n".length]);
  });

  it("a million steps: complete output, 1,000 steps, every line counted, its normal verdict", async () => {
    const code = "total = 0\nfor i in range(500_000):\n    total += i\nprint(total)\n";
    const result = await traced(code, { wallMs: 30_000 });
    expect(result.verdict).toBe("ok");
    expect(result.stdout).toBe(`${(499_999 * 500_000) / 2}\n`);
    expect(result.trace.steps).toHaveLength(MAX_TRACE_STEPS);
    expect(result.trace.truncated).toBe(true);
    expect(result.trace.stoppedAt).toBeGreaterThan(900);
    expect(result.trace.lineCounts).toEqual({ "1": 1, "2": 500_001, "3": 500_000, "4": 1 });
    expect(Buffer.byteLength(JSON.stringify(result.trace))).toBeLessThanOrEqual(MAX_TRACE_BYTES);
  });

  it("stops at the byte cap with big steps, and the program runs on", async () => {
    const code =
      "big = [str(i) * 150 for i in range(50)]\nfor i in range(300):\n    big[i % 50] = str(i) * 150\nprint('done')\n";
    const result = await traced(code);
    expect(result.stdout).toBe("done\n");
    expect(result.trace.truncated).toBe(true);
    expect(result.trace.steps.length).toBeLessThan(MAX_TRACE_STEPS);
    expect(Buffer.byteLength(JSON.stringify(result.trace))).toBeLessThanOrEqual(MAX_TRACE_BYTES);
    expect(result.trace.lineCounts["3"]).toBe(300);
  });

  it("a job killed at its time limit keeps the steps it recorded and its heat map so far", async () => {
    const result = await traced("n = 0\nwhile True:\n    n += 1\n", { wallMs: 1500 });
    expect(result.verdict).toBe("time_limit");
    expect(result.trace.steps).toHaveLength(MAX_TRACE_STEPS);
    expect(result.trace.lineCounts["3"]).toBeGreaterThan(1000);
    expect(result.profile?.find((entry) => entry.line === 3)?.hits).toBeGreaterThan(1000);
  });

  it("profiles a run only when asked: hits and time per line", async () => {
    const code = "total = 0\nfor i in range(1000):\n    total += i * i\nprint(total)\n";
    const plain = await sandbox.run(job(code));
    expect(plain.profile).toBeUndefined();
    expect(plain.trace).toBeUndefined();
    const profiled = await sandbox.run(job(code, { profile: true }));
    expect(profiled.verdict).toBe("ok");
    expect(profiled.trace).toBeUndefined();
    expect(profiled.profile!.map(({ line, hits }) => [line, hits])).toEqual([
      [1, 1],
      [2, 1001],
      [3, 1000],
      [4, 1],
    ]);
    expect(profiled.profile!.every((entry) => entry.ms >= 0)).toBe(true);
    expect(profiled.stdout).toBe(plain.stdout);
  });

  describe("the sampled heat map every ordinary run gets", () => {
    const samplesOf = (result: Result) => new Map((result.lineSamples ?? []).map((entry) => [entry.line, entry]));
    const sampledLines = (result: Result) => (result.lineSamples ?? []).map((entry) => entry.line);
    const share = (result: Result, lines: number[]) => {
      const total = (result.lineSamples ?? []).reduce((sum, entry) => sum + entry.ms, 0);
      return lines.reduce((sum, line) => sum + (samplesOf(result).get(line)?.ms ?? 0), 0) / total;
    };

    it("charges CPU time to the lines that spend it, C calls included, and nothing to cheap lines", async () => {
      // Line 3 builds lists and line 4 sorts them (C code and a lambda on that line): most of the
      // time; line 9 is a pure-Python loop in a function; line 5 runs as often as line 3 but costs nothing.
      const code = [
        "total = 0",
        "for i in range(20):",
        "    data = [(i * 7919 + k * 104729) % 1_000_003 for k in range(60_000)]",
        "    data.sort(key=lambda v: -v)",
        "    total += 1",
        "def spin(n):",
        "    a = 0",
        "    for k in range(n):",
        "        a += k",
        "    return a",
        "print(total, spin(4_000_000))",
      ].join("\n");
      const result = await sandbox.run(job(code, { limits: { wallMs: 20_000 } }));
      expect(result.verdict, result.stderr).toBe("ok");
      expect(result.profile).toBeUndefined();
      const lines = [...samplesOf(result).keys()];
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => line >= 1 && line <= 11)).toBe(true);
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
      // The CPU it accounts for is the run's, and the hot lines hold nearly all of it.
      const totalMs = result.lineSamples!.reduce((sum, entry) => sum + entry.ms, 0);
      expect(totalMs).toBeGreaterThan(result.usage.cpuMs * 0.5);
      expect(totalMs).toBeLessThanOrEqual(result.usage.cpuMs + 1);
      expect(share(result, [3, 4, 9])).toBeGreaterThan(0.85);
      expect(share(result, [3, 4])).toBeGreaterThan(0.3);
      expect(share(result, [9])).toBeGreaterThan(0.1);
      expect(samplesOf(result).get(5)?.samples ?? 0).toBeLessThan(samplesOf(result).get(4)!.samples);
    });

    it("is absent when the run asks for counts (profile), for neither (profile: false), for a trace or for test cases", async () => {
      const code = "s = 0\nfor i in range(600_000):\n    s += i\nprint(s)\n";
      const sampled = await sandbox.run(job(code));
      expect(sampledLines(sampled)).toContain(3);
      const counted = await sandbox.run(job(code, { profile: true }));
      expect(counted.lineSamples).toBeUndefined();
      expect(counted.profile?.find((entry) => entry.line === 3)?.hits).toBe(600_000);
      const bare = await sandbox.run(job(code, { profile: false }));
      expect(bare.lineSamples).toBeUndefined();
      expect(bare.profile).toBeUndefined();
      expect(bare.stdout).toBe(sampled.stdout);
      const traced = await sandbox.run(job(code, { mode: "trace" }));
      expect(traced.lineSamples).toBeUndefined();
      const tests = await sandbox.run(job(code, { tests: [{ stdin: "", expected: sampled.stdout }] }));
      expect(tests.verdict).toBe("ok");
      expect(tests.lineSamples).toBeUndefined();
    });

    it("a job killed at its time limit keeps the samples taken so far", async () => {
      const result = await sandbox.run(job("n = 0\nwhile True:\n    n += 1\n", { limits: { wallMs: 1500 } }));
      expect(result.verdict).toBe("time_limit");
      // The loop's lines (Python takes a signal at the loop's jump back, which 3.11 puts on `while`).
      expect(sampledLines(result).length).toBeGreaterThan(0);
      expect(sampledLines(result).every((line) => line === 2 || line === 3)).toBe(true);
      expect(result.lineSamples!.reduce((sum, entry) => sum + entry.samples, 0)).toBeGreaterThan(25);
    });

    it("a program that takes SIGPROF or the timer for itself, sleeps, or reads stdin runs as it would unsampled", async () => {
      const code = [
        "import signal, sys, time",
        "seen = []",
        "signal.signal(signal.SIGPROF, lambda *_: seen.append(1))",
        "signal.setitimer(signal.ITIMER_PROF, 0.002, 0.002)",
        "x = sum(i * i for i in range(400_000))",
        "signal.setitimer(signal.ITIMER_PROF, 0, 0)",
        "time.sleep(0.05)",
        "print(x, len(seen) > 0, sys.stdin.read().strip())",
      ].join("\n");
      const result = await sandbox.run(job(code, { stdin: "hello" }));
      expect(result.verdict, result.stderr).toBe("ok");
      expect(result.stdout).toBe("21333253333400000 True hello\n");
      // Its own handler took the samples: the heat map is empty (or what came before), never wrong lines.
      expect((result.lineSamples ?? []).every((entry) => entry.line <= 4)).toBe(true);
    });
  });
});
