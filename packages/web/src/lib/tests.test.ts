import { describe, expect, it } from "vitest";
import { newDraft, showValue, testsToSubmit } from "./tests";

describe("test cases", () => {
  it("sends rows with any content, drops fully empty ones", () => {
    const rows = [newDraft("1", "2"), newDraft("", ""), newDraft("", "hello")];
    expect(testsToSubmit(rows)).toEqual([
      { stdin: "1", expected: "2" },
      { stdin: "", expected: "hello" },
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });

  it("shows empty and trailing-newline values readably", () => {
    expect(showValue("")).toBe("(empty)");
    expect(showValue("\n")).toBe("(empty)");
    expect(showValue("a\nb\n")).toBe("a\nb");
  });
});
