import type { Result } from "../api/types";

/** A test case row being edited: an id for React keys and focus, the rest is what the API takes. */
export interface TestCaseDraft {
  id: string;
  stdin: string;
  expected: string;
}

export type TestOutcome = NonNullable<Result["tests"]>[number];

/** Rows the user left completely empty are not sent; a row with only an expected output is (empty stdin). */
export function testsToSubmit(drafts: readonly TestCaseDraft[]): Array<{ stdin: string; expected: string }> {
  return drafts.filter((d) => d.stdin !== "" || d.expected !== "").map(({ stdin, expected }) => ({ stdin, expected }));
}

let counter = 0;
export function newDraft(stdin = "", expected = ""): TestCaseDraft {
  counter += 1;
  return { id: `t${Date.now().toString(36)}${counter}`, stdin, expected };
}

export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  /** "2 of 3 passed", "all 3 passed", "no test cases". */
  label: string;
  status: "none" | "all-passed" | "some-failed";
}

export function summarizeTests(outcomes: readonly TestOutcome[] | undefined): TestSummary {
  const total = outcomes?.length ?? 0;
  const passed = outcomes?.filter((o) => o.passed).length ?? 0;
  const failed = total - passed;
  if (total === 0) return { total, passed, failed, label: "no test cases", status: "none" };
  if (failed === 0) return { total, passed, failed, label: total === 1 ? "1 test passed" : `all ${total} passed`, status: "all-passed" };
  return { total, passed, failed, label: `${passed} of ${total} passed`, status: "some-failed" };
}

/** Why a test failed, in a few words: a different answer, or the run itself did not end well. */
export function failureReason(outcome: TestOutcome): string | null {
  if (outcome.passed) return null;
  if (outcome.verdict && outcome.verdict !== "ok") return outcome.verdict.replace(/_/g, " ");
  if (outcome.actual.trimEnd() === outcome.expected.trimEnd()) return "whitespace differs";
  return "wrong answer";
}

/** Shows invisible differences: an empty value as "(empty)", and a trailing newline is not shown. */
export function showValue(text: string): string {
  const trimmed = text.replace(/\n$/, "");
  return trimmed === "" ? "(empty)" : trimmed;
}
