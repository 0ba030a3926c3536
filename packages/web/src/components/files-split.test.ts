import { describe, expect, test } from "vitest";
import { downloadName } from "./FileButtons";
import { clampSplit, MIN_CODE_PX, MIN_RESULTS_PX } from "./SplitHandle";

describe("the split keeps both panes at their minimum widths", () => {
  test("inside the bounds the split is as asked", () => {
    expect(clampSplit(0.6, 1280)).toBe(0.6);
  });
  test("too far either way stops at a pane's minimum", () => {
    expect(clampSplit(0, 1280) * 1280).toBeCloseTo(MIN_CODE_PX);
    expect((1 - clampSplit(1, 1280)) * 1280).toBeCloseTo(MIN_RESULTS_PX);
  });
  test("a container too narrow for both minimums splits in half rather than inverting", () => {
    expect(clampSplit(0.1, 500)).toBe(0.5);
    expect(clampSplit(0.9, 500)).toBe(0.5);
  });
});

describe("the downloaded file's name", () => {
  test("main.py unless the code came from a file", () => {
    expect(downloadName(null)).toBe("main.py");
    expect(downloadName("loops.py")).toBe("loops.py");
    expect(downloadName("notes.txt")).toBe("notes.txt");
    expect(downloadName("script")).toBe("script.py");
    expect(downloadName("a/b:c.py")).toBe("a_b_c.py");
    expect(downloadName("   ")).toBe("main.py");
  });
});
