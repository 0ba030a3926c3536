import type { Job, Result, Verdict } from "../api/types";
import { formatBytes, formatLimitMs } from "./format";

/**
 * What happened to the user's goal, in one line: the run panel's headline, the status line and the
 * history rows all read it from here, so they never disagree (no green "ok" over failed tests, no
 * green dot after a time limit).
 */
export interface Headline {
  /** The colour family: each verdict has its own, and only a run that did what was asked is green. */
  tone: Tone;
  /** The sentence at the top of the output: "2 of 3 tests failed", "Time limit: stopped after 10 s". */
  title: string;
  /** Which tests failed and why, the error message, or what the platform said. */
  detail: string | null;
  /** A few words for a history row or the status line: "passed 3/3", "failed 2/3", "exit code 3". */
  short: string;
  /** A stable name for tests and styling. */
  kind: HeadlineKind;
}

export type Tone = "ok" | "error" | "limit" | "blocked" | "internal" | "neutral" | "live";

export type HeadlineKind =
  | "queued"
  | "running"
  | "cancelled"
  | "failed"
  | "tests_passed"
  | "tests_failed"
  | "ok"
  | "syntax_error"
  | "exception"
  | "exit_code"
  | "signal"
  | Exclude<Verdict, "ok" | "runtime_error">;

/** Python's compile-time errors: the program never started. */
const SYNTAX_ERRORS = new Set(["SyntaxError", "IndentationError", "TabError"]);

type Limits = Job["limits"];

export function headlineOf(job: Pick<Job, "state" | "result" | "limits" | "reason" | "attempt">): Headline {
  if (job.state === "queued") return live("queued", "Queued", "queued");
  if (job.state === "running") return live("running", "Running", "running");
  if (job.state === "cancelled") {
    return { tone: "neutral", kind: "cancelled", title: "Cancelled", detail: job.reason ?? null, short: "cancelled" };
  }
  const result = job.result;
  if (job.state === "failed" || !result) {
    return {
      tone: "internal",
      kind: "failed",
      title: "The platform could not run this job",
      detail: job.reason ?? null,
      short: "failed",
    };
  }
  if (result.tests && result.tests.length > 0) return testsHeadline(result, job.limits);
  return verdictHeadline(result, job.limits);
}

function live(kind: "queued" | "running", title: string, short: string): Headline {
  return { tone: "live", kind, title, detail: null, short };
}

function testsHeadline(result: Result, limits: Limits): Headline {
  const tests = result.tests ?? [];
  const total = tests.length;
  const failed = tests.filter((test) => !test.passed).length;
  if (failed === 0) {
    return {
      tone: "ok",
      kind: "tests_passed",
      title: total === 1 ? "The test passed" : `All ${total} tests passed`,
      detail: null,
      short: `passed ${total}/${total}`,
    };
  }
  // Tests stop at the first failure (the runner skips the rest): those are "not run", not failed answers.
  const reasons = tests.flatMap((test, index) =>
    test.passed ? [] : [`test ${index + 1}: ${testFailure(test, result, limits)}`],
  );
  return {
    tone: "error",
    kind: "tests_failed",
    title: `${failed} of ${total} ${total === 1 ? "test" : "tests"} failed`,
    detail: reasons.join("; "),
    short: `failed ${failed}/${total}`,
  };
}

type Outcome = NonNullable<Result["tests"]>[number];

/** Why one test case failed, in a few words. The top-level result is the first failing case's run. */
export function testFailure(test: Outcome, result: Pick<Result, "error" | "exitCode">, limits: Limits): string {
  if (test.verdict === undefined) return `not run (${notRunReason(test)})`;
  if (test.outOfBudget) return "stopped: the tests' time budget ran out";
  if (test.verdict === "ok")
    return test.actual.trimEnd() === test.expected.trimEnd() ? "whitespace differs" : "wrong answer";
  if (test.verdict === "runtime_error") {
    if (result.error) return SYNTAX_ERRORS.has(result.error.type) ? "syntax error" : result.error.type;
    if (result.exitCode !== null) return `exit code ${result.exitCode}`;
  }
  return verdictWords(test.verdict, limits);
}

/** Why a case was not run: the runner stops at the first failure, and when the job's time budget is used. */
export function notRunReason(test: Pick<Outcome, "outOfBudget">): string {
  return test.outOfBudget ? "time budget used" : "an earlier test failed";
}

function verdictHeadline(result: Result, limits: Limits): Headline {
  const { verdict, error } = result;
  switch (verdict) {
    case "ok":
      return { tone: "ok", kind: "ok", title: "Finished without errors", detail: null, short: "ok" };
    case "runtime_error": {
      if (error && SYNTAX_ERRORS.has(error.type)) {
        return {
          tone: "error",
          kind: "syntax_error",
          title: `Syntax error${onLine(error.line)}`,
          detail: error.type === "SyntaxError" ? error.message : `${error.type}: ${error.message}`,
          short: "syntax error",
        };
      }
      if (error) {
        return {
          tone: "error",
          kind: "exception",
          title: `${error.type}${onLine(error.line)}`,
          detail: error.type === "EOFError" ? EOF_HINT : error.message || null,
          short: error.type,
        };
      }
      if (result.exitCode !== null) {
        return {
          tone: "error",
          kind: "exit_code",
          title: `Exited with code ${result.exitCode}`,
          detail: result.message ?? null,
          short: `exit code ${result.exitCode}`,
        };
      }
      return {
        tone: "error",
        kind: "signal",
        title: result.signal ? `Killed by ${result.signal}` : "Runtime error",
        detail: result.message ?? null,
        short: result.signal ?? "runtime error",
      };
    }
    case "time_limit":
    case "memory_limit":
    case "output_limit":
      return {
        tone: "limit",
        kind: verdict,
        title: capitalize(verdictWords(verdict, limits)),
        detail: null,
        short: SHORT[verdict],
      };
    case "blocked":
      return {
        tone: "blocked",
        kind: "blocked",
        title: `Blocked by the sandbox${onLine(error?.line ?? null)}`,
        detail: stripPrefix(result.message ?? error?.message ?? "", "blocked: ") || null,
        short: "blocked",
      };
    case "internal_error":
      return {
        tone: "internal",
        kind: "internal_error",
        title: "Internal error: not caused by your code",
        detail: result.message ?? null,
        short: "internal error",
      };
  }
}

/** input() past the end of stdin: the program waited for typing that a sandbox cannot give it. */
export const EOF_HINT =
  "Your program read past the end of its input (input() found nothing more). Put what it should read in the Input tab, one line per input() call.";

const SHORT: Record<Verdict, string> = {
  ok: "ok",
  runtime_error: "runtime error",
  time_limit: "time limit",
  memory_limit: "memory limit",
  output_limit: "output limit",
  blocked: "blocked",
  internal_error: "internal error",
};

/** A verdict with the limit it hit, in human units: "time limit: stopped after 10 s". */
export function verdictWords(verdict: Verdict, limits: Limits): string {
  switch (verdict) {
    case "time_limit":
      return `time limit: stopped after ${formatLimitMs(limits.wallMs)}`;
    case "memory_limit":
      return `memory limit: used more than ${formatBytes(limits.memoryMb * 1024 * 1024)}`;
    case "output_limit":
      return `output limit: printed more than ${formatBytes(limits.outputBytes)}`;
    default:
      return SHORT[verdict];
  }
}

const onLine = (line: number | null) => (line !== null ? ` on line ${line}` : "");
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const stripPrefix = (text: string, prefix: string) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);
