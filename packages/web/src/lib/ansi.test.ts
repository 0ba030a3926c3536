import { describe, expect, it } from "vitest";
import { parseAnsi, stripAnsi } from "./ansi";

describe("parseAnsi", () => {
  it("leaves text without escapes as one plain run", () => {
    expect(parseAnsi("plain\ntext")).toEqual([{ text: "plain\ntext", style: {} }]);
    expect(parseAnsi("")).toEqual([]);
  });

  it("turns SGR colours and attributes into styled runs, reset by 0", () => {
    expect(parseAnsi("a\x1b[31mred\x1b[1;92m bold green\x1b[0m b")).toEqual([
      { text: "a", style: {} },
      { text: "red", style: { fg: 1 } },
      { text: " bold green", style: { fg: 10, bold: true } },
      { text: " b", style: {} },
    ]);
    expect(parseAnsi("\x1b[4;44mx\x1b[24;49my\x1b[m")).toEqual([
      { text: "x", style: { underline: true, bg: 4 } },
      { text: "y", style: { underline: undefined, bg: undefined } },
    ]);
  });

  it("reads 256-colour and true-colour forms", () => {
    expect(parseAnsi("\x1b[38;5;196mA\x1b[38;5;3mB\x1b[48;2;10;20;300mC")).toEqual([
      { text: "A", style: { fg: "rgb(255, 0, 0)" } },
      { text: "B", style: { fg: 3 } },
      { text: "C", style: { fg: 3, bg: "rgb(10, 20, 255)" } },
    ]);
  });

  it("drops cursor movement, clearing and window titles instead of showing them", () => {
    const text = "\x1b]0;title\x07\x1b[2J\x1b[Hstart\x1b[K\x1b[?25l done\x1b(B";
    expect(parseAnsi(text)).toEqual([{ text: "start done", style: {} }]);
    expect(stripAnsi(text)).toBe("start done");
    expect(stripAnsi("\x1b[1mbold\x1b[0m")).toBe("bold");
  });
});
