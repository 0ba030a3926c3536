import { describe, expect, test } from "vitest";
import { describeFormatError, positionOfByte } from "./format-error";

describe("format errors in the user's terms", () => {
  test("a byte range becomes a line and a column", () => {
    const code = "x = 1\ndef f(:\n  pass\n";
    // byte 12 is the ":" after "def f(" on line 2
    expect(positionOfByte(code, 12)).toEqual({ line: 2, column: 7 });
    expect(
      describeFormatError(code, "Expected a parameter or the end of the parameter list at byte range 12..13"),
    ).toEqual({
      message: "Expected a parameter or the end of the parameter list (line 2, column 7)",
      line: 2,
    });
  });

  test("bytes are UTF-8: a non-ASCII character counts once as a column", () => {
    const code = 's = "é"\nprint(s\n';
    // "é" is two bytes: line 2 starts at byte 9
    expect(positionOfByte(code, 9)).toEqual({ line: 2, column: 1 });
    expect(positionOfByte(code, 15)).toEqual({ line: 2, column: 7 });
  });

  test("a message without a range is passed on as it came", () => {
    expect(describeFormatError("x", "something else")).toEqual({ message: "something else", line: null });
  });
});
