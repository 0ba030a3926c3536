import { describe, expect, it } from "vitest";
import type { Job, Result } from "../api/types";
import { formatBytes, formatLimitMs } from "./format";
import { EOF_HINT, headlineOf } from "./headline";

const LIMITS = { wallMs: 10_000, memoryMb: 256, outputBytes: 65_536 };

function result(patch: Partial<Result>): Result {
  return {
    verdict: "ok",
    exitCode: 0,
    signal: null,
    stdout: "",
    stderr: "",
    truncated: { stdout: false, stderr: false },
    error: null,
    usage: { wallMs: 5, cpuMs: 3, peakMemoryKb: 9000 },
    ...patch,
  };
}

const finished = (patch: Partial<Result>, limits = LIMITS) =>
  headlineOf({ state: "finished", attempt: 1, limits, result: result(patch) });

const outcome = (passed: boolean, verdict?: Result["verdict"], actual = "") => ({
  stdin: "",
  expected: "6\n",
  actual,
  passed,
  ...(verdict ? { verdict } : {}),
});

describe("headlineOf", () => {
  it("is green only when the program did what was asked", () => {
    expect(finished({})).toMatchObject({ tone: "ok", kind: "ok", short: "ok" });
    expect(finished({ tests: [outcome(true, "ok", "6\n"), outcome(true, "ok", "6\n")] })).toMatchObject({
      tone: "ok",
      title: "All 2 tests passed",
      short: "passed 2/2",
    });
    expect(finished({ tests: [outcome(true, "ok", "6\n")] }).title).toBe("The test passed");
  });

  it("says how many tests failed, which, and why, even when the run itself ended ok", () => {
    const h = finished({ verdict: "ok", tests: [outcome(true, "ok", "6\n"), outcome(false, "ok", "7\n")] });
    expect(h).toMatchObject({ tone: "error", kind: "tests_failed", title: "1 of 2 tests failed", short: "failed 1/2" });
    expect(h.detail).toBe("test 2: wrong answer");
  });

  it("names a test's verdict in human units, and the tests after the first failure as not run", () => {
    const h = finished({
      verdict: "time_limit",
      exitCode: null,
      signal: "SIGKILL",
      tests: [outcome(true, "ok", "6\n"), outcome(false, "time_limit"), outcome(false)],
    });
    expect(h.title).toBe("2 of 3 tests failed");
    expect(h.detail).toBe("test 2: time limit: stopped after 10 s; test 3: not run (an earlier test failed)");
  });

  it("says a test the time budget cut off stopped for it, and the tests after it were not run for it", () => {
    const h = finished({
      verdict: "time_limit",
      exitCode: null,
      signal: "SIGKILL",
      tests: [
        outcome(true, "ok", "6\n"),
        { ...outcome(false, "time_limit"), outOfBudget: true as const },
        { ...outcome(false), outOfBudget: true as const },
      ],
    });
    expect(h.title).toBe("2 of 3 tests failed");
    expect(h.detail).toBe("test 2: stopped: the tests' time budget ran out; test 3: not run (time budget used)");
  });

  it("tells a whitespace difference and an exception in a test apart from a wrong answer", () => {
    expect(finished({ tests: [outcome(false, "ok", "6 \n")] }).detail).toBe("test 1: whitespace differs");
    const h = finished({
      verdict: "runtime_error",
      exitCode: 1,
      error: { type: "ValueError", message: "bad", line: 2 },
      tests: [outcome(false, "runtime_error")],
    });
    expect(h.detail).toBe("test 1: ValueError");
  });

  it("reads a SyntaxError as a syntax error, not a runtime error", () => {
    const h = finished({
      verdict: "runtime_error",
      exitCode: 1,
      error: { type: "SyntaxError", message: "'(' was never closed", line: 1 },
    });
    expect(h).toMatchObject({
      tone: "error",
      kind: "syntax_error",
      title: "Syntax error on line 1",
      detail: "'(' was never closed",
    });
    expect(
      finished({
        verdict: "runtime_error",
        exitCode: 1,
        error: { type: "IndentationError", message: "unexpected indent", line: 3 },
      }),
    ).toMatchObject({ kind: "syntax_error", short: "syntax error", detail: "IndentationError: unexpected indent" });
  });

  it("names an exception and its line", () => {
    const h = finished({
      verdict: "runtime_error",
      exitCode: 1,
      error: { type: "ZeroDivisionError", message: "division by zero", line: 4 },
    });
    expect(h).toMatchObject({
      title: "ZeroDivisionError on line 4",
      detail: "division by zero",
      short: "ZeroDivisionError",
    });
  });

  it("points an input() past the end of stdin to the Input tab", () => {
    const eof = finished({
      verdict: "runtime_error",
      exitCode: 1,
      error: { type: "EOFError", message: "EOF when reading a line", line: 2 },
    });
    expect(eof).toMatchObject({ tone: "error", title: "EOFError on line 2", detail: EOF_HINT });
    expect(EOF_HINT).toMatch(/Input tab/);
  });

  it("shows the exit code of sys.exit(3)", () => {
    expect(finished({ verdict: "runtime_error", exitCode: 3 })).toMatchObject({
      tone: "error",
      kind: "exit_code",
      title: "Exited with code 3",
      short: "exit code 3",
    });
  });

  it("puts limits in human units, each limit verdict in the limit colour", () => {
    expect(finished({ verdict: "time_limit", exitCode: null, signal: "SIGKILL" })).toMatchObject({
      tone: "limit",
      title: "Time limit: stopped after 10 s",
      short: "time limit",
    });
    expect(finished({ verdict: "time_limit", exitCode: null }, { ...LIMITS, wallMs: 2_500 }).title).toBe(
      "Time limit: stopped after 2.5 s",
    );
    expect(finished({ verdict: "memory_limit", exitCode: null }).title).toBe("Memory limit: used more than 256 MB");
    expect(finished({ verdict: "output_limit", exitCode: null }).title).toBe("Output limit: printed more than 64 KB");
    expect(finished({ verdict: "output_limit", exitCode: null }, { ...LIMITS, outputBytes: 1024 * 1024 }).title).toBe(
      "Output limit: printed more than 1 MB",
    );
  });

  it("gives blocked and internal errors their own colours and the platform's reason", () => {
    const blocked = finished({
      verdict: "blocked",
      exitCode: 1,
      message: "blocked: network access is not allowed",
      error: { type: "SandboxBlocked", message: "blocked: network access is not allowed", line: 2 },
    });
    expect(blocked).toMatchObject({
      tone: "blocked",
      title: "Blocked by the sandbox on line 2",
      detail: "network access is not allowed",
    });
    const internal = finished({ verdict: "internal_error", exitCode: null, message: "sandbox runner failed" });
    expect(internal).toMatchObject({ tone: "internal", detail: "sandbox runner failed", short: "internal error" });
  });

  it("covers the states without a result", () => {
    const base: Pick<Job, "state" | "attempt" | "limits"> = { state: "queued", attempt: 1, limits: LIMITS };
    expect(headlineOf(base)).toMatchObject({ tone: "live", kind: "queued" });
    expect(headlineOf({ ...base, state: "running" })).toMatchObject({ tone: "live", kind: "running" });
    expect(headlineOf({ ...base, state: "cancelled", reason: "cancelled by you" })).toMatchObject({
      tone: "neutral",
      detail: "cancelled by you",
    });
    expect(headlineOf({ ...base, state: "failed", reason: "gave up after 3 tries" })).toMatchObject({
      tone: "internal",
      kind: "failed",
    });
  });
});

describe("limit units", () => {
  it("formats a wall limit in whole units", () => {
    expect(formatLimitMs(10_000)).toBe("10 s");
    expect(formatLimitMs(2_500)).toBe("2.5 s");
    expect(formatLimitMs(500)).toBe("500 ms");
  });
  it("formats sizes 1024-based", () => {
    expect(formatBytes(900)).toBe("900 bytes");
    expect(formatBytes(65_536)).toBe("64 KB");
    expect(formatBytes(1536 * 1024)).toBe("1.5 MB");
    expect(formatBytes(256 * 1024 * 1024)).toBe("256 MB");
  });
});
