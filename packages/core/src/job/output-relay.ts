import type { OutputFrame } from "../contract";
import { type LiveOutput, MAX_LIVE_OUTPUT_CHARS, type OutputChunk } from "../execution";
import type { Clock } from "../ports";
import type { Job } from "./model";
import type { JobStore } from "./store";

/** Where a running job's output frames go (every open connection of its owner). */
export type OutputPush = (frame: OutputFrame) => Promise<void>;

export interface OutputRelayDeps {
  jobs: Pick<JobStore, "saveOutput">;
  clock: Clock;
}

/** Frames stay far below API Gateway's 128 KB a message, even if JSON escapes every character. */
export const MAX_FRAME_CHARS = 16 * 1024;
/** How often at most the output so far is written to the job's record (for GET /jobs/:id). */
export const SAVE_OUTPUT_EVERY_MS = 1000;

/**
 * One running attempt's output on its way to the owner: chunks from the sandbox become numbered
 * frames (seq from 0, gapless), pushed one at a time in order. Chunks that arrive while a push is
 * on its way are merged into the next frames, so a slow push coalesces output instead of queueing
 * pushes: the push rate is bounded by the pushes themselves, never by dropping output. The output
 * so far is saved on the job's record at most every SAVE_OUTPUT_EVERY_MS.
 */
export class OutputRelay {
  private readonly pending: OutputChunk[] = [];
  private readonly output: LiveOutput = { stdout: "", stderr: "", nextSeq: 0 };
  private pumping: Promise<void> | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSaveAt = Number.NEGATIVE_INFINITY;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly deps: OutputRelayDeps,
    private readonly job: Job,
    private readonly push: OutputPush,
  ) {}

  /** A chunk from the sandbox; returns at once, so the sandbox's reader never waits for a push. */
  readonly add = (chunk: OutputChunk): void => {
    if (this.closed || chunk.data === "") return;
    this.pending.push(chunk);
    this.pumping ??= this.pump();
  };

  /** Every frame pushed (before the job's final frame), and no more saves. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pumping;
    clearTimeout(this.saveTimer);
    await this.saving;
  }

  private async pump(): Promise<void> {
    while (this.pending.length > 0) {
      for (const frame of this.framesOf(this.pending.splice(0))) {
        await this.push(frame).catch(() => undefined); // a lost frame is repaired by the final one
      }
      this.scheduleSave();
    }
    this.pumping = null;
  }

  /** Consecutive chunks of one stream become one frame, cut at MAX_FRAME_CHARS. */
  private framesOf(chunks: OutputChunk[]): OutputFrame[] {
    const merged: OutputChunk[] = [];
    for (const chunk of chunks) {
      const last = merged.at(-1);
      if (last?.stream === chunk.stream) last.data += chunk.data;
      else merged.push({ ...chunk });
    }
    const frames: OutputFrame[] = [];
    for (const { stream, data } of merged) {
      let at = 0;
      while (at < data.length) {
        let end = Math.min(at + MAX_FRAME_CHARS, data.length);
        if (end < data.length && isHighSurrogate(data.charCodeAt(end - 1))) end -= 1; // never split a pair
        const part = data.slice(at, end);
        frames.push({ type: "output", jobId: this.job.jobId, seq: this.output.nextSeq++, stream, data: part });
        this.keep(stream, part);
        at = end;
      }
    }
    return frames;
  }

  private keep(stream: OutputChunk["stream"], data: string): void {
    const room = MAX_LIVE_OUTPUT_CHARS - this.output[stream].length;
    if (data.length > room) this.output.cut = true;
    if (room > 0) this.output[stream] += data.slice(0, room);
  }

  private scheduleSave(): void {
    if (this.closed || this.saveTimer !== undefined) return;
    const wait = Math.max(0, this.lastSaveAt + SAVE_OUTPUT_EVERY_MS - this.deps.clock.now());
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.closed) return;
      this.lastSaveAt = this.deps.clock.now();
      const snapshot = { ...this.output };
      this.saving = this.saving
        .then(() => this.deps.jobs.saveOutput(this.job, snapshot))
        .then(
          () => undefined,
          () => undefined,
        ); // the final write has everything anyway
    }, wait);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
