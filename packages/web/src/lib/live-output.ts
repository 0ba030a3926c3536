import type { OutputFrame } from "@code-remote/core/contract";
import type { LiveOutput as Snapshot } from "@code-remote/core/execution";

export interface OutputPiece {
  stream: "stdout" | "stderr";
  text: string;
}

/** What a running job has printed, as the tab has it: pieces in order, and the next frame it needs. */
export interface LiveOutputState {
  pieces: OutputPiece[];
  nextSeq: number;
  /** Frames that came ahead of a missing one, kept until the gap is filled (by a frame or a snapshot). */
  ahead: Record<number, OutputFrame>;
  chars: number;
}

export const emptyLiveOutput = (): LiveOutputState => ({ pieces: [], nextSeq: 0, ahead: {}, chars: 0 });

/**
 * Pieces end at line ends: a frame that continues an unfinished line of the same stream joins its
 * piece, any other starts a new one. The page lays each piece out on its own (one block each), so a
 * long stream costs the layout of what arrived, not of everything printed so far.
 */
function append(state: LiveOutputState, stream: OutputPiece["stream"], text: string): LiveOutputState {
  if (text === "") return state;
  const last = state.pieces.at(-1);
  const joins = last?.stream === stream && !last.text.endsWith("\n");
  const pieces = joins
    ? [...state.pieces.slice(0, -1), { stream, text: last.text + text }]
    : [...state.pieces, { stream, text }];
  return { ...state, pieces, chars: state.chars + text.length };
}

/** Apply what arrived in order; keep what came early; ignore what was already applied (a repeat). */
function drain(state: LiveOutputState): LiveOutputState {
  let next = state;
  for (let frame = next.ahead[next.nextSeq]; frame; frame = next.ahead[next.nextSeq]) {
    const { [next.nextSeq]: _applied, ...ahead } = next.ahead;
    next = { ...append(next, frame.stream, frame.data), nextSeq: next.nextSeq + 1, ahead };
  }
  return next;
}

/** One output frame: never shown twice, never out of order. */
export function applyFrame(state: LiveOutputState, frame: OutputFrame): LiveOutputState {
  if (frame.seq < state.nextSeq || state.ahead[frame.seq]) return state;
  return drain({ ...state, ahead: { ...state.ahead, [frame.seq]: frame } });
}

/** True when a frame is missing (frames after it are waiting): time to catch up from GET /jobs/:id. */
export const hasGap = (state: LiveOutputState): boolean => Object.keys(state.ahead).length > 0;

/**
 * What GET /jobs/:id says the job printed so far. Taken only when it is further along than the tab;
 * it keeps stdout and stderr apart (not their interleaving), so it shows as stdout, then stderr.
 */
export function applySnapshot(state: LiveOutputState, snapshot: Snapshot): LiveOutputState {
  if (snapshot.nextSeq <= state.nextSeq) return state;
  const ahead = Object.fromEntries(Object.entries(state.ahead).filter(([seq]) => Number(seq) >= snapshot.nextSeq));
  const base = append(append(emptyLiveOutput(), "stdout", snapshot.stdout), "stderr", snapshot.stderr);
  return drain({ ...base, nextSeq: snapshot.nextSeq, ahead });
}
