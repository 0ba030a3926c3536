// Types only: `import type` is erased, so none of core's zod schemas reach the bundle.
// The wire types come from core's contract (what the API and the WebSocket actually send).
import type { JobList, ServerFrame, SharedRun } from "@code-remote/core/contract";
import type { LineProfile, Result, Trace, TraceStep, Verdict } from "@code-remote/core/execution";
import type { JobState } from "@code-remote/core/job";

export type { JobList, JobState, SharedRun, LineProfile, Result, ServerFrame, Trace, TraceStep, Verdict };
export type Job = Extract<ServerFrame, { type: "job" }>["job"];

const FINAL_STATES: ReadonlySet<JobState> = new Set(["finished", "cancelled", "failed"]);

/** finished, cancelled and failed never change again: no more frames will come for them. */
export const isFinal = (state: JobState): boolean => FINAL_STATES.has(state);

/** A trace run (POST /execute {mode: "trace"}). */
export const isTraceRun = (job: Job): boolean => job.mode === "trace";

/** The stored trace of a finished trace run (steps and whether it was cut), or undefined. */
export const tracePointerOf = (job: Job): Job["trace"] => job.trace;
