import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { JOB_STATES, type JobState } from "./model";
import { assertTransition, canTransition, FINAL_STATES, isFinal, sourcesOf } from "./state";

const legal: Array<[JobState, JobState]> = [
  ["queued", "running"],
  ["queued", "cancelled"],
  ["queued", "failed"],
  ["running", "finished"],
  ["running", "cancelled"],
  ["running", "failed"],
  ["running", "queued"],
];

describe("job state machine", () => {
  const all = JOB_STATES.flatMap((from) => JOB_STATES.map((to) => [from, to] as [JobState, JobState]));

  it.each(all)("%s → %s is legal exactly when the design says so", (from, to) => {
    const expected = legal.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(expected);
    if (expected) expect(() => assertTransition(from, to)).not.toThrow();
    else {
      const error = (() => {
        try {
          assertTransition(from, to);
        } catch (e) {
          return e;
        }
      })();
      expect(AppError.is(error, "INVALID_TRANSITION")).toBe(true);
      expect((error as AppError).status).toBe(409);
    }
  });

  it("final states have no way out", () => {
    expect([...FINAL_STATES].sort()).toEqual(["cancelled", "failed", "finished"]);
    for (const s of FINAL_STATES) {
      expect(isFinal(s)).toBe(true);
      for (const to of JOB_STATES) expect(canTransition(s, to)).toBe(false);
    }
    expect(isFinal("queued")).toBe(false);
    expect(isFinal("running")).toBe(false);
  });

  it("knows which states lead to each state", () => {
    expect(sourcesOf("running")).toEqual(["queued"]);
    expect(sourcesOf("finished")).toEqual(["running"]);
    expect(sourcesOf("cancelled").sort()).toEqual(["queued", "running"]);
    expect(sourcesOf("queued")).toEqual(["running"]);
  });
});
