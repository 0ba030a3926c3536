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

/** Shows invisible differences: an empty value as "(empty)", and a trailing newline is not shown. */
export function showValue(text: string): string {
  const trimmed = text.replace(/\n$/, "");
  return trimmed === "" ? "(empty)" : trimmed;
}
