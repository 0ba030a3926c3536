import { describe, expect, it } from "vitest";
import { lineCount, outputFileName, outputFileText, utf8Length } from "./output-file";

describe("output file", () => {
  it("counts lines, with or without a final newline", () => {
    expect(lineCount("")).toBe(0);
    expect(lineCount("a")).toBe(1);
    expect(lineCount("a\n")).toBe(1);
    expect(lineCount("a\nb")).toBe(2);
    expect(lineCount("line\n".repeat(10_000))).toBe(10_000);
  });

  it("counts bytes as UTF-8", () => {
    expect(utf8Length("é€😀")).toBe(2 + 3 + 4);
  });

  it("holds stdout as it is, and stderr after a marker only when there is some", () => {
    expect(outputFileText({ stdout: "a\nb\n", stderr: "" })).toBe("a\nb\n");
    expect(outputFileText({ stdout: "a", stderr: "boom\n" })).toBe("a\n----- stderr -----\nboom\n");
    expect(outputFileText({ stdout: "", stderr: "boom\n" })).toBe("----- stderr -----\nboom\n");
    expect(outputFileName("01JABC")).toBe("output-01JABC.txt");
  });
});
