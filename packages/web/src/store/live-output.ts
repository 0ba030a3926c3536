import { create } from "zustand";
import type { OutputFrame } from "@code-remote/core/contract";
import type { LiveOutput as Snapshot } from "@code-remote/core/execution";
import { applyFrame, applySnapshot, emptyLiveOutput, type LiveOutputState } from "../lib/live-output";

/** Jobs whose live output the tab keeps (the newest runs; older ones have their final result). */
const KEPT_JOBS = 8;

interface LiveOutputStore {
  byJob: Record<string, LiveOutputState & { attempt: number }>;
  /** An output frame from the WebSocket. */
  frame: (frame: OutputFrame) => void;
  /** What GET /jobs/:id says a running attempt printed so far. */
  snapshot: (jobId: string, attempt: number, snapshot: Snapshot) => void;
  /** A job (re)started running as `attempt`: a new attempt prints from the start (seq 0). */
  running: (jobId: string, attempt: number) => void;
}

export const useLiveOutputStore = create<LiveOutputStore>()((set) => {
  const update = (
    jobId: string,
    change: (current: LiveOutputStore["byJob"][string] | undefined) => LiveOutputStore["byJob"][string] | undefined,
  ) =>
    set((store) => {
      const current = store.byJob[jobId];
      const next = change(current);
      if (next === current || next === undefined) return store;
      const { [jobId]: _old, ...others } = store.byJob;
      const kept = Object.entries(others).slice(-(KEPT_JOBS - 1));
      return { byJob: { ...Object.fromEntries(kept), [jobId]: next } };
    });
  return {
    byJob: {},
    frame: (frame) =>
      update(frame.jobId, (current) => ({
        attempt: current?.attempt ?? 0,
        ...applyFrame(current ?? emptyLiveOutput(), frame),
      })),
    snapshot: (jobId, attempt, snapshot) =>
      update(jobId, (current) =>
        current && current.attempt > attempt
          ? current
          : { ...applySnapshot(current?.attempt === attempt ? current : emptyLiveOutput(), snapshot), attempt },
      ),
    running: (jobId, attempt) =>
      update(jobId, (current) => {
        if (!current || (current.attempt < attempt && current.attempt !== 0)) return { ...emptyLiveOutput(), attempt };
        if (current.attempt === 0) return { ...current, attempt }; // frames came before the running push
        return current;
      }),
  };
});
