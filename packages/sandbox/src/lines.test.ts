import { describe, expect, it } from "vitest";
import { LineSplitter } from "./lines";

describe("LineSplitter", () => {
  it("emits complete lines across chunk boundaries and skips blank ones", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('{"a":');
    splitter.push('1}\n\n{"b"');
    expect(lines).toEqual(['{"a":1}']);
    splitter.push(":2}\n");
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
});
