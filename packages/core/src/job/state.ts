import { AppError } from "../errors";
import type { JobState } from "./model";

/**
 * The one job state machine. Every change of state goes through `transition` in the store,
 * which turns an edge of this graph into a conditional write.
 */
export const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ["running", "cancelled", "failed"],
  // running → queued: the worker died and the message came back; attempt + 1.
  running: ["finished", "cancelled", "failed", "queued"],
  finished: [],
  cancelled: [],
  failed: [],
};

export const FINAL_STATES: readonly JobState[] = ["finished", "cancelled", "failed"];

export function isFinal(state: JobState): boolean {
  return FINAL_STATES.includes(state);
}

export function canTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states a job may be in for `to` to be a legal next state. */
export function sourcesOf(to: JobState): JobState[] {
  return (Object.keys(TRANSITIONS) as JobState[]).filter((from) => canTransition(from, to));
}

export function assertTransition(from: JobState, to: JobState): void {
  if (!canTransition(from, to)) {
    throw new AppError("INVALID_TRANSITION", `a ${from} job cannot become ${to}`);
  }
}
