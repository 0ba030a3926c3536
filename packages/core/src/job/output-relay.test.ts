import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OutputFrame } from "../contract";
import type { LiveOutput } from "../execution";
import type { Job } from "./model";
import { MAX_FRAME_CHARS, OutputRelay, SAVE_OUTPUT_EVERY_MS } from "./output-relay";

const job = { jobId: "01J0000000000000000000000A", attempt: 1 } as Job;

function setup(pushDelayMs = 0) {
  const frames: OutputFrame[] = [];
  const saves: LiveOutput[] = [];
  const deps = {
    clock: { now: () => Date.now() },
    jobs: { saveOutput: async (_job: Job, output: LiveOutput) => (saves.push(output), true) },
  };
  const push = async (frame: OutputFrame) => {
    if (pushDelayMs) await new Promise((resolve) => setTimeout(resolve, pushDelayMs));
    frames.push(frame);
  };
  return { relay: new OutputRelay(deps, job, push), frames, saves };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("OutputRelay", () => {
  it("numbers frames from 0 without gaps across both streams, in order", async () => {
    const { relay, frames } = setup();
    relay.add({ stream: "stdout", data: "a\n" });
    await vi.advanceTimersByTimeAsync(1);
    relay.add({ stream: "stderr", data: "oops\n" });
    await vi.advanceTimersByTimeAsync(1);
    relay.add({ stream: "stdout", data: "b\n" });
    await relay.close();
    expect(frames.map(({ seq, stream, data }) => [seq, stream, data])).toEqual([
      [0, "stdout", "a\n"],
      [1, "stderr", "oops\n"],
      [2, "stdout", "b\n"],
    ]);
    expect(frames.every((f) => f.type === "output" && f.jobId === job.jobId)).toBe(true);
  });

  it("merges what arrives while a push is on its way, so a slow push coalesces instead of queueing", async () => {
    const { relay, frames } = setup(100);
    for (let i = 0; i < 50; i++) relay.add({ stream: "stdout", data: `${i}\n` });
    await vi.advanceTimersByTimeAsync(50);
    for (let i = 50; i < 100; i++) relay.add({ stream: "stdout", data: `${i}\n` });
    await vi.advanceTimersByTimeAsync(500);
    await relay.close();
    expect(frames.length).toBe(2);
    expect(frames.map((f) => f.data).join("")).toBe(Array.from({ length: 100 }, (_, i) => `${i}\n`).join(""));
  });

  it("cuts a large chunk into frames of at most MAX_FRAME_CHARS without splitting a surrogate pair", async () => {
    const { relay, frames } = setup();
    const text = `${"x".repeat(MAX_FRAME_CHARS - 1)}😀${"y".repeat(MAX_FRAME_CHARS + 5)}`;
    relay.add({ stream: "stdout", data: text });
    await relay.close();
    expect(frames.every((f) => f.data.length <= MAX_FRAME_CHARS)).toBe(true);
    expect(frames.map((f) => f.data).join("")).toBe(text);
    expect(frames[0]!.data.endsWith("x")).toBe(true);
    expect(frames.map((f) => f.seq)).toEqual([0, 1, 2]);
  });

  it("saves the output so far at most once per interval, and not after close", async () => {
    const { relay, saves } = setup();
    relay.add({ stream: "stdout", data: "1\n" });
    await vi.advanceTimersByTimeAsync(10);
    relay.add({ stream: "stdout", data: "2\n" });
    await vi.advanceTimersByTimeAsync(10);
    expect(saves).toEqual([{ stdout: "1\n", stderr: "", nextSeq: 1 }]);
    await vi.advanceTimersByTimeAsync(SAVE_OUTPUT_EVERY_MS);
    expect(saves.at(-1)).toEqual({ stdout: "1\n2\n", stderr: "", nextSeq: 2 });
    relay.add({ stream: "stderr", data: "late\n" });
    await relay.close();
    await vi.advanceTimersByTimeAsync(5 * SAVE_OUTPUT_EVERY_MS);
    expect(saves.length).toBe(2);
  });

  it("ignores empty chunks and anything after close; a failed push does not stop later frames", async () => {
    let calls = 0;
    const frames: OutputFrame[] = [];
    const failing = new OutputRelay(
      { clock: { now: () => 0 }, jobs: { saveOutput: async () => true } },
      job,
      async (f) => {
        calls += 1;
        if (calls === 1) throw new Error("gone");
        frames.push(f);
      },
    );
    failing.add({ stream: "stdout", data: "" });
    failing.add({ stream: "stdout", data: "lost" });
    await vi.advanceTimersByTimeAsync(1);
    failing.add({ stream: "stdout", data: "kept" });
    await failing.close();
    failing.add({ stream: "stdout", data: "after" });
    expect(frames.map((f) => [f.seq, f.data])).toEqual([[1, "kept"]]);
  });
});
