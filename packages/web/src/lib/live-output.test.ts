import { describe, expect, it } from "vitest";
import type { OutputFrame } from "@code-remote/core/contract";
import { applyFrame, applySnapshot, emptyLiveOutput, hasGap } from "./live-output";

const frame = (seq: number, data: string, stream: "stdout" | "stderr" = "stdout"): OutputFrame => ({
  type: "output",
  jobId: "j",
  seq,
  stream,
  data,
});
const text = (state: ReturnType<typeof emptyLiveOutput>) => state.pieces.map((p) => p.text).join("");

describe("live output in the tab", () => {
  it("applies frames in seq order, a piece per frame unless it continues an unfinished line, stderr apart", () => {
    let state = emptyLiveOutput();
    for (const f of [frame(0, "a\n"), frame(1, "b"), frame(2, "c\n"), frame(3, "err\n", "stderr"), frame(4, "d\n")])
      state = applyFrame(state, f);
    expect(state.pieces).toEqual([
      { stream: "stdout", text: "a\n" },
      { stream: "stdout", text: "bc\n" },
      { stream: "stderr", text: "err\n" },
      { stream: "stdout", text: "d\n" },
    ]);
    expect(state.nextSeq).toBe(5);
  });

  it("never shows a frame twice or out of order: early frames wait for the missing one", () => {
    let state = emptyLiveOutput();
    state = applyFrame(state, frame(0, "0"));
    state = applyFrame(state, frame(2, "2"));
    expect(text(state)).toBe("0");
    expect(hasGap(state)).toBe(true);
    state = applyFrame(state, frame(2, "2"));
    state = applyFrame(state, frame(1, "1"));
    state = applyFrame(state, frame(1, "1"));
    expect(text(state)).toBe("012");
    expect(hasGap(state)).toBe(false);
  });

  it("a snapshot from GET /jobs/:id fills a gap, and frames continue after it", () => {
    let state = applyFrame(emptyLiveOutput(), frame(3, "3\n"));
    state = applySnapshot(state, { stdout: "0\n1\n2\n", stderr: "", nextSeq: 3 });
    expect(text(state)).toBe("0\n1\n2\n3\n");
    state = applyFrame(state, frame(4, "4\n"));
    expect(text(state)).toBe("0\n1\n2\n3\n4\n");
    expect(applySnapshot(state, { stdout: "0\n", stderr: "", nextSeq: 1 })).toBe(state); // behind: ignored
  });
});
