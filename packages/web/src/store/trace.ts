import { create } from "zustand";
import type { Trace } from "../api/types";

interface TraceState {
  /** The trace on screen, the job it belongs to and that job's code (the editor marks lines only while it holds this code). */
  jobId: string | null;
  code: string | null;
  trace: Trace | null;
  /** The step on screen. */
  index: number;
  load: (jobId: string, code: string, trace: Trace) => void;
  setIndex: (index: number) => void;
  clear: () => void;
  /**
   * Whether the editor shows the heat map of the run on screen. Every ordinary run has a sampled
   * one (its CPU time per line, nearly free), so switching it on shows the last run's at once.
   */
  heatmap: boolean;
  setHeatmap: (on: boolean) => void;
  /**
   * When on (and the heat map is), Run asks for every line to be counted (`profile: true`): exact
   * hits and time, but many times a loop-heavy program's own time (bench/tracer.ts). Off by default.
   */
  countLines: boolean;
  setCountLines: (on: boolean) => void;
}

export const useTraceStore = create<TraceState>()((set) => ({
  jobId: null,
  code: null,
  trace: null,
  index: 0,
  load: (jobId, code, trace) => set({ jobId, code, trace, index: 0 }),
  setIndex: (index) => set((state) => ({ index: Math.max(0, Math.min(index, (state.trace?.steps.length ?? 1) - 1)) })),
  clear: () => set({ jobId: null, code: null, trace: null, index: 0 }),
  heatmap: false,
  setHeatmap: (heatmap) => set({ heatmap }),
  countLines: false,
  setCountLines: (countLines) => set({ countLines }),
}));
