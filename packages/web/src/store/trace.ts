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
  /** The heat map of ordinary runs in the editor's gutter (on by default, the user can hide it). */
  heatmap: boolean;
  setHeatmap: (on: boolean) => void;
}

export const useTraceStore = create<TraceState>()((set) => ({
  jobId: null,
  code: null,
  trace: null,
  index: 0,
  load: (jobId, code, trace) => set({ jobId, code, trace, index: 0 }),
  setIndex: (index) => set((state) => ({ index: Math.max(0, Math.min(index, (state.trace?.steps.length ?? 1) - 1)) })),
  clear: () => set({ jobId: null, code: null, trace: null, index: 0 }),
  heatmap: true,
  setHeatmap: (heatmap) => set({ heatmap }),
}));
