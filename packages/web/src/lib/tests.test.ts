import { describe, expect, it } from "vitest";
import { failureReason, newDraft, showValue, summarizeTests, testsToSubmit, type TestOutcome } from "./tests";

const outcome = (passed: boolean, extra: Partial<TestOutcome> = {}): TestOutcome => ({
  stdin: "1",
  expected: "2\n",
  actual: passed ? "2\n" : "3\n",
  passed,
  ...extra,
});

describe("test cases", () => {
  it("sends rows with any content, drops fully empty ones", () => {
    const rows = [newDraft("1", "2"), newDraft("", ""), newDraft("", "hello")];
    expect(testsToSubmit(rows)).toEqual([
      { stdin: "1", expected: "2" },
      { stdin: "", expected: "hello" },
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });

  it("summarises pass and fail", () => {
    expect(summarizeTests(undefined)).toMatchObject({ total: 0, status: "none" });
    expect(summarizeTests([outcome(true)])).toMatchObject({ label: "1 test passed", status: "all-passed" });
    expect(summarizeTests([outcome(true), outcome(true)]).label).toBe("all 2 passed");
    expect(summarizeTests([outcome(true), outcome(false)])).toMatchObject({
      passed: 1,
      failed: 1,
      label: "1 of 2 passed",
      status: "some-failed",
    });
  });

  it("explains a failure", () => {
    expect(failureReason(outcome(true))).toBeNull();
    expect(failureReason(outcome(false))).toBe("wrong answer");
    expect(failureReason(outcome(false, { verdict: "time_limit" }))).toBe("time limit");
    expect(failureReason(outcome(false, { actual: "2  \n", expected: "2" }))).toBe("whitespace differs");
  });

  it("shows empty and trailing-newline values readably", () => {
    expect(showValue("")).toBe("(empty)");
    expect(showValue("\n")).toBe("(empty)");
    expect(showValue("a\nb\n")).toBe("a\nb");
  });
});
