import { describe, expect, it } from "vitest";
import { firstCodeLine, formatAgo, formatDuration, formatElapsed, formatMemory } from "./format";

describe("formatElapsed", () => {
  it("shows tenths of a second under a minute, never rounding up past the real time", () => {
    expect(formatElapsed(0)).toBe("0.0 s");
    expect(formatElapsed(49)).toBe("0.0 s");
    expect(formatElapsed(1_999)).toBe("1.9 s");
    expect(formatElapsed(59_999)).toBe("59.9 s");
  });
  it("switches to m:ss from a minute", () => {
    expect(formatElapsed(60_000)).toBe("1:00");
    expect(formatElapsed(65_400)).toBe("1:05");
    expect(formatElapsed(12 * 60_000)).toBe("12:00");
  });
  it("treats a clock behind the server as zero", () => {
    expect(formatElapsed(-300)).toBe("0.0 s");
  });
});

describe("usage formatting", () => {
  it("formats durations and memory", () => {
    expect(formatDuration(12.4)).toBe("12 ms");
    expect(formatDuration(1250)).toBe("1.25 s");
    expect(formatMemory(850)).toBe("850 KB");
    expect(formatMemory(12_697)).toBe("12.4 MB");
    expect(formatMemory(1_069_548)).toBe("1.02 GB");
  });
});

describe("summaries", () => {
  it("says how long ago", () => {
    const now = 1_000_000_000_000;
    expect(formatAgo(now - 10_000, now)).toBe("just now");
    expect(formatAgo(now - 5 * 60_000, now)).toBe("5 min ago");
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe("3 h ago");
  });
  it("skips comments and blank lines", () => {
    expect(firstCodeLine("# hello\n\n  print(1)\n")).toBe("print(1)");
    expect(firstCodeLine("# only a comment")).toBe("(empty)");
  });
});
