import { describe, expect, it } from "vitest";
import { JOB_UID_BASE, JobUids, RUNNERS_PER_PROCESS } from "./job-uids";

describe("JobUids", () => {
  it("hands each live runner a uid of its own, in this process's own range", () => {
    const uids = new JobUids(1234);
    const taken = Array.from({ length: RUNNERS_PER_PROCESS }, () => uids.take());
    expect(new Set(taken).size).toBe(RUNNERS_PER_PROCESS);
    for (const uid of taken) {
      expect(uid).toBeGreaterThanOrEqual(JOB_UID_BASE + 1234 * RUNNERS_PER_PROCESS);
      expect(uid).toBeLessThan(JOB_UID_BASE + 1235 * RUNNERS_PER_PROCESS);
    }
    expect(() => uids.take()).toThrow(/more than 256 sandbox runners/);
  });

  it("does not hand a uid given back to the very next runner (its last job may still be dying)", () => {
    const uids = new JobUids(7);
    const first = uids.take();
    const second = uids.take();
    uids.give(first);
    const third = uids.take();
    expect([first, second]).not.toContain(third);
    for (let i = 0; i < RUNNERS_PER_PROCESS - 3; i++) uids.take();
    expect(uids.take()).toBe(first); // once the others are taken, a given-back uid is reused
  });

  it("keeps other processes' ranges apart and every uid below 2^31 for the largest pid", () => {
    const a = new JobUids(100).take();
    const b = new JobUids(101).take();
    expect(b - a).toBe(RUNNERS_PER_PROCESS);
    const largest = new JobUids(4_194_303);
    let uid = 0;
    for (let i = 0; i < RUNNERS_PER_PROCESS; i++) uid = Math.max(uid, largest.take());
    expect(uid).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
