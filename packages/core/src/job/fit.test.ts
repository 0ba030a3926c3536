import { describe, expect, it } from "vitest";
import { JOB_ITEM_BUDGET_BYTES, platformResult, type Result } from "../execution";
import { fitResultToItem } from "./fit";

const size = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
const job = { code: "x".repeat(64 * 1024), stdin: "y".repeat(64 * 1024), tests: undefined };

function bigResult(): Result {
  return {
    ...platformResult("ok", ""),
    exitCode: 0,
    stdout: "é".repeat(128 * 1024), // 256 KiB of UTF-8
    stderr: "e".repeat(256 * 1024),
    images: [{ name: "figure-1.png", mime: "image/png", width: 10, height: 10, base64: "A".repeat(80_000) }],
    tests: Array.from({ length: 3 }, () => ({ stdin: "", expected: "1", actual: "z".repeat(50_000), passed: false })),
  };
}

describe("fitResultToItem", () => {
  it("leaves a result that fits untouched", () => {
    const small = { ...platformResult("ok", ""), stdout: "hi\n" };
    expect(fitResultToItem(job, small)).toBe(small);
  });

  it("cuts images, test outputs, stderr, then stdout until job + result fit the item budget", () => {
    const fitted = fitResultToItem(job, bigResult());
    expect(size(job.code) + size(job.stdin) + size(fitted)).toBeLessThanOrEqual(JOB_ITEM_BUDGET_BYTES);
    expect(fitted.images).toEqual([]);
    expect(fitted.truncated).toMatchObject({ images: true, stderr: true });
    expect(fitted.message).toMatch(/cut to fit/);
    expect(fitted.verdict).toBe("ok");
    // Nothing is cut in the middle of a character.
    expect(fitted.stdout).not.toContain("\ufffd");
    expect(/^é*$/.test(fitted.stdout)).toBe(true);
  });

  it("keeps stdout over stderr when only part of the output fits", () => {
    const fitted = fitResultToItem({ code: "x", stdin: "", tests: undefined }, {
      ...platformResult("runtime_error", ""),
      stdout: "o".repeat(200_000),
      stderr: "e".repeat(200_000),
    });
    expect(fitted.stdout.length).toBe(200_000);
    expect(fitted.stderr.length).toBeLessThan(200_000);
    expect(fitted.truncated).toEqual({ stdout: false, stderr: true });
  });
});
