import { describe, expect, it } from "vitest";
import { JOB_ITEM_BUDGET_BYTES, platformResult, type Result } from "../execution";
import {
  COMPACT_STREAM_BYTES,
  COMPACT_TEXT_BYTES,
  compactResult,
  headOfText,
  storedResult,
  utf8Bytes,
} from "./stored-result";

const lines = (count: number, line = (i: number) => `line ${i}`) =>
  Array.from({ length: count }, (_, i) => `${line(i)}\n`).join("");
const small = { code: "print(1)", stdin: "", tests: undefined };

describe("headOfText", () => {
  it("keeps a text that fits", () => {
    expect(headOfText("a\nb\n", 4)).toBe("a\nb\n");
    expect(headOfText("é".repeat(10), 20)).toBe("é".repeat(10));
  });

  it("cuts after the last newline within the limit", () => {
    const text = lines(1000);
    const head = headOfText(text, 100);
    expect(head.endsWith("\n")).toBe(true);
    expect(text.startsWith(head)).toBe(true);
    expect(utf8Bytes(head)).toBeLessThanOrEqual(100);
    // The next line would not have fitted.
    const next = text.slice(head.length, text.indexOf("\n", head.length) + 1);
    expect(utf8Bytes(head + next)).toBeGreaterThan(100);
  });

  it("cuts a single line longer than the limit at a character boundary (multibyte safe)", () => {
    for (const char of ["é", "€", "😀"]) {
      for (const max of [1, 2, 3, 5, 7, 101]) {
        const head = headOfText(char.repeat(100), max);
        expect(head, `${char} at ${max}`).toBe(char.repeat(Math.floor(max / utf8Bytes(char))));
      }
    }
  });

  it("never splits a multibyte character at a line boundary either", () => {
    const text = "ü\n".repeat(10) + "€".repeat(100);
    expect(headOfText(text, 40)).toBe("ü\n".repeat(10));
  });
});

function large(): Result {
  return {
    ...platformResult("runtime_error", "exited with 1"),
    exitCode: 1,
    stdout: lines(30_000, (i) => `out ${i} é`),
    stderr: lines(5_000, (i) => `err ${i}`),
    error: { type: "ValueError", message: "m".repeat(5000), line: 3 },
    usage: { wallMs: 12, cpuMs: 10, peakMemoryKb: 9000 },
    images: [{ name: "figure-1.png", mime: "image/png", width: 10, height: 10, base64: "A".repeat(80_000) }],
    tests: [
      { stdin: "1", expected: "2", actual: "x".repeat(50_000), passed: false, verdict: "ok" },
      { stdin: "2", expected: "3", actual: "3\n", passed: true, verdict: "ok" },
    ],
    profile: [{ line: 1, hits: 3, ms: 1 }],
  } as Result;
}

describe("compactResult", () => {
  it("keeps verdict, exit, usage, error, truncated and the tests' pass/fail; each stream's first lines; no figures", () => {
    const whole = large();
    const compact = compactResult(whole);
    expect(compact).toMatchObject({
      verdict: "runtime_error",
      exitCode: 1,
      usage: whole.usage,
      truncated: whole.truncated,
      omittedImages: 1,
    });
    expect(compact.images).toBeUndefined();
    expect(compact.profile).toBeUndefined();
    expect(compact.tests?.map((t) => [t.passed, t.verdict])).toEqual([
      [false, "ok"],
      [true, "ok"],
    ]);
    expect(compact.tests![1]!.actual).toBe("3\n");
    expect(utf8Bytes(compact.tests![0]!.actual)).toBeLessThanOrEqual(COMPACT_TEXT_BYTES);
    expect(compact.error).toMatchObject({ type: "ValueError", line: 3 });
    for (const stream of ["stdout", "stderr"] as const) {
      expect(whole[stream].startsWith(compact[stream])).toBe(true);
      expect(compact[stream].endsWith("\n")).toBe(true);
      expect(utf8Bytes(compact[stream])).toBeLessThanOrEqual(COMPACT_STREAM_BYTES);
      expect(utf8Bytes(compact[stream])).toBeGreaterThan(COMPACT_STREAM_BYTES - 20);
    }
  });
});

describe("storedResult", () => {
  it("keeps a result that fits the item in the item, as it is", () => {
    const result = { ...platformResult("ok", ""), stdout: lines(100) };
    expect(storedResult(small, result)).toEqual({ item: result });
  });

  it("stores a result too large for the item whole, and the item keeps the compact one", () => {
    const whole = large();
    const stored = storedResult(small, whole);
    expect(stored.whole).toBeDefined();
    expect(JSON.parse(stored.whole!)).toEqual(whole);
    expect(stored.item).toEqual(compactResult(whole));
  });

  it("counts the job's code, stdin and tests against the item: the same result fits beside small ones only", () => {
    const result = { ...platformResult("ok", ""), stdout: "o".repeat(200_000) };
    expect(storedResult(small, result).whole).toBeUndefined();
    const crowded = {
      code: "c".repeat(64 * 1024),
      stdin: "s".repeat(64 * 1024),
      tests: [{ stdin: "t".repeat(30_000), expected: "" }],
    };
    expect(storedResult(crowded, result).whole).toBeDefined();
  });

  it("an item with the compact result of a job at its input maxima stays within the item budget", () => {
    const job = { code: "c".repeat(64 * 1024), stdin: "s".repeat(64 * 1024), tests: undefined };
    const stored = storedResult(job, large());
    expect(utf8Bytes(job.code) + utf8Bytes(job.stdin) + utf8Bytes(JSON.stringify(stored.item))).toBeLessThan(
      JOB_ITEM_BUDGET_BYTES,
    );
  });
});
