import { LineProfileSchema, LineSamplesSchema, platformResult, TraceSchema } from "@code-remote/core/execution";
import { describe, expect, it } from "vitest";
import {
  describeStep,
  framesAt,
  HEAT_LEVELS,
  heapLabels,
  heatLines,
  heatSourceOf,
  indexForKey,
  outputAt,
  sharedIds,
  stepLines,
  truncationNote,
  valueNode,
} from "./trace";

// a = b = [3, 1]; d = {"k": a}; then a call that raises. Parsed with core's schema, so the fixture
// is a trace the tracer may actually send.
const int = (v: number) => ({ t: "int" as const, v: String(v) });
const trace = TraceSchema.parse({
  truncated: false,
  lineCounts: { "1": 1, "2": 1, "3": 1, "5": 1 },
  steps: [
    { event: "line", line: 1, stack: [{ name: "<module>", line: 1, locals: [] }], heap: {}, stdoutLength: 0 },
    {
      event: "line",
      line: 2,
      stack: [
        {
          name: "<module>",
          line: 2,
          locals: [
            ["a", { t: "ref", id: "7" }],
            ["b", { t: "ref", id: "7" }],
          ],
        },
      ],
      heap: { "7": { t: "list", items: [int(3), int(1)] } },
      stdoutLength: 0,
    },
    {
      event: "line",
      line: 3,
      stack: [
        {
          name: "<module>",
          line: 3,
          locals: [
            ["a", { t: "ref", id: "7" }],
            ["b", { t: "ref", id: "7" }],
            ["d", { t: "ref", id: "9" }],
            ["s", { t: "str", v: "it's", omitted: 3 }],
          ],
        },
      ],
      heap: {
        "7": { t: "list", items: [int(3), int(1), { t: "ref", id: "7" }] },
        "9": {
          t: "dict",
          entries: [
            [
              { t: "str", v: "k" },
              { t: "ref", id: "7" },
            ],
          ],
        },
      },
      stdoutLength: 4,
    },
    {
      event: "call",
      line: 5,
      stack: [
        { name: "<module>", line: 4, locals: [] },
        { name: "boom", line: 5, locals: [["x", { t: "none" }]] },
      ],
      heap: {},
      stdoutLength: 4,
    },
    {
      event: "exception",
      line: 5,
      stack: [
        { name: "<module>", line: 4, locals: [] },
        { name: "boom", line: 5, locals: [["x", { t: "none" }]] },
      ],
      heap: {},
      stdoutLength: 9,
      exception: { type: "ValueError", message: "bad" },
    },
    {
      event: "return",
      line: 5,
      stack: [
        { name: "<module>", line: 4, locals: [] },
        { name: "boom", line: 5, locals: [] },
      ],
      heap: {},
      stdoutLength: 9,
      returned: { t: "bool", v: true },
    },
  ],
});

describe("stepLines", () => {
  it("lights the current line and, in another tint, the line executed just before", () => {
    expect(stepLines(trace, 0)).toEqual({ current: 1, previous: null, exception: false });
    expect(stepLines(trace, 2)).toEqual({ current: 3, previous: 2, exception: false });
    // The same line twice in a row: nothing separate to mark.
    expect(stepLines(trace, 4)).toEqual({ current: 5, previous: null, exception: true });
    expect(stepLines(trace, 99)).toBeNull();
  });
});

describe("indexForKey", () => {
  it("moves one step with the arrows, to the ends with Home/End, and stays in range", () => {
    expect(indexForKey("ArrowRight", 2, 6)).toBe(3);
    expect(indexForKey("ArrowRight", 5, 6)).toBe(5);
    expect(indexForKey("ArrowLeft", 0, 6)).toBe(0);
    expect(indexForKey("ArrowLeft", 3, 6)).toBe(2);
    expect(indexForKey("Home", 3, 6)).toBe(0);
    expect(indexForKey("End", 0, 6)).toBe(5);
    expect(indexForKey("a", 0, 6)).toBeNull();
    expect(indexForKey("ArrowRight", 0, 0)).toBeNull();
  });
});

describe("heap labels and the variables tree", () => {
  const labels = heapLabels(trace);

  it("names each heap id once, in order of first appearance, with its own colour", () => {
    expect(labels.get("7")?.label).toBe("list #1");
    expect(labels.get("9")?.label).toBe("dict #2");
    expect(labels.get("7")?.hue).not.toBe(labels.get("9")?.hue);
  });

  it("gives two names bound to one list the same label (aliasing is visible)", () => {
    const [frame] = framesAt(trace.steps[1]!, labels);
    const [a, b] = frame!.variables;
    expect(a!.ref).toEqual(b!.ref);
    expect(a!.text).toBe("list (2 items)");
    expect(a!.children!.map((c) => `${c.name}=${c.text}`)).toEqual(["0=3", "1=1"]);
    expect(sharedIds(trace.steps[1]!)).toEqual(new Set(["7"]));
    expect(sharedIds(trace.steps[0]!)).toEqual(new Set());
  });

  it("opens an object once per path (a list containing itself is marked, not followed), and keys dicts by their keys", () => {
    const step = trace.steps[2]!;
    const d = valueNode("d", { t: "ref", id: "9" }, step.heap, labels);
    expect(d.text).toBe("dict (1 entry)");
    const inner = d.children![0]!;
    expect(inner.name).toBe("'k'");
    expect(inner.ref?.label).toBe("list #1");
    const self = inner.children![2]!;
    expect(self).toMatchObject({ cycle: true, ref: { label: "list #1" } });
    expect(self.children).toBeUndefined();
    const s = framesAt(step, labels)[0]!.variables[3]!;
    expect(s).toMatchObject({ text: "'it\\'s'…", omitted: 3 });
  });
});

describe("output, step sentences and truncation", () => {
  it("cuts stdout at the step's stdoutLength", () => {
    expect(outputAt("abc\nboom\n", trace.steps[2])).toBe("abc\n");
    expect(outputAt("abc\nboom\n", trace.steps[0])).toBe("");
    expect(outputAt("abc\nboom\n", undefined)).toBe("abc\nboom\n");
  });

  it("says what happens at each kind of step", () => {
    expect(describeStep(trace.steps[0]!)).toBe("Line 1 at the top level");
    expect(describeStep(trace.steps[3]!)).toBe("Calls boom (line 5)");
    expect(
      describeStep({
        event: "call",
        line: 1,
        stack: [{ name: "<module>", line: 1, locals: [] }],
        heap: {},
        stdoutLength: 0,
      }),
    ).toBe("The program starts (line 1)");
    expect(describeStep(trace.steps[4]!)).toBe("Raises ValueError: bad on line 5 in boom");
    expect(describeStep(trace.steps[5]!)).toBe("Returns True from boom (line 5)");
  });

  it("says where recording stopped", () => {
    expect(truncationNote(trace)).toBeNull();
    expect(truncationNote({ ...trace, truncated: true, stoppedAt: 1000 })).toMatch(/^Trace truncated at step 1000:/);
  });
});

describe("heatLines", () => {
  it("scales by time share, hottest line at the top level, with hits and time in words", () => {
    const profile = LineProfileSchema.parse([
      { line: 1, hits: 1, ms: 0.01 },
      { line: 3, hits: 1000, ms: 90 },
      { line: 4, hits: 1000, ms: 9.99 },
    ]);
    const heat = heatLines({ kind: "counted", lines: profile });
    expect(heat.map((h) => h.level)).toEqual([1, HEAT_LEVELS, 2]);
    expect(heat[1]!.title).toBe("Line 3: 1,000 hits, 90.0 ms (90 % of the time)");
    expect(heat[0]!.title).toBe("Line 1: 1 hit, 0.010 ms (0 % of the time)");
  });

  it("falls back to hits when no time was measured", () => {
    const heat = heatLines({
      kind: "counted",
      lines: [
        { line: 1, hits: 1, ms: 0 },
        { line: 2, hits: 4, ms: 0 },
      ],
    });
    expect(heat.map((h) => h.level)).toEqual([3, HEAT_LEVELS]);
    expect(heat[1]!.title).toMatch(/80 % of the hits/);
  });

  it("a sampled heat map says it is CPU time, approximate, and how many samples it rests on", () => {
    const heat = heatLines({
      kind: "sampled",
      lines: LineSamplesSchema.parse([
        { line: 2, samples: 1, ms: 4 },
        { line: 5, samples: 24, ms: 96 },
      ]),
    });
    expect(heat.map((h) => [h.line, h.level, h.samples, h.hits])).toEqual([
      [2, 2, 1, undefined],
      [5, HEAT_LEVELS, 24, undefined],
    ]);
    expect(heat[1]!.title).toBe("Line 5: ~96.0 ms of CPU (96 % of the sampled time, 24 samples)");
    expect(heat[0]!.title).toBe("Line 2: ~4.0 ms of CPU (4 % of the sampled time, 1 sample)");
  });
});

describe("heatSourceOf", () => {
  const base = platformResult("ok", "");
  it("prefers the counted profile, falls back to the samples, and is undefined for a run with neither", () => {
    const profile = [{ line: 1, hits: 3, ms: 1 }];
    const lineSamples = [{ line: 1, samples: 2, ms: 8 }];
    expect(heatSourceOf({ ...base, profile, lineSamples })).toEqual({ kind: "counted", lines: profile });
    expect(heatSourceOf({ ...base, lineSamples })).toEqual({ kind: "sampled", lines: lineSamples });
    expect(heatSourceOf({ ...base, lineSamples: [] })).toBeUndefined();
    expect(heatSourceOf(base)).toBeUndefined();
    expect(heatSourceOf(undefined)).toBeUndefined();
  });
});
