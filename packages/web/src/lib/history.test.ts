import { describe, expect, it } from "vitest";
import { matches } from "./history";
import { sharedTokenOf } from "./route";

describe("history search", () => {
  const run = { title: "Binary Search", code: "def find(xs, x):\n    return bisect(xs, x)" };
  it("matches the title or the code, in any case, ignoring surrounding blanks", () => {
    expect(matches(run, "binary")).toBe(true);
    expect(matches(run, "  BISECT ")).toBe(true);
    expect(matches(run, "find(xs")).toBe(true);
    expect(matches(run, "quicksort")).toBe(false);
    expect(matches({ code: "print(1)" }, "search")).toBe(false);
    expect(matches({ code: "print(1)" }, "   ")).toBe(true);
  });
});

describe("share page route", () => {
  it("reads the token of /s/<token> and nothing else", () => {
    const token = `${"a".repeat(21)}-_${"Z9".repeat(10)}`;
    expect(sharedTokenOf(`/s/${token}`)).toBe(token);
    expect(sharedTokenOf(`/s/${token}/`)).toBe(token);
    expect(sharedTokenOf("/")).toBeUndefined();
    expect(sharedTokenOf("/s/")).toBeUndefined();
    expect(sharedTokenOf(`/x/${token}`)).toBeUndefined();
    expect(sharedTokenOf(`/s/${token}/more`)).toBeUndefined();
    expect(sharedTokenOf("/s/a.b")).toBeUndefined();
  });
});
