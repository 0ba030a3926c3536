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
   * The heat map of ordinary runs: when on, Run asks for the line profile and the gutter shows it.
   * Off by default: profiling costs many times a loop-heavy program's own time (bench/tracer.ts).
   */
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
  heatmap: false,
  setHeatmap: (heatmap) => set({ heatmap }),
}));
