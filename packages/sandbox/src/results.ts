import type { Result } from "@code-remote/core/execution";

/** A Result for faults the user's code did not cause (or a cancellation), with a human message. */
export function platformResult(verdict: Result["verdict"], message: string, wallMs = 0): Result {
  return {
    verdict,
    exitCode: null,
    signal: null,
    stdout: "",
    stderr: "",
    truncated: { stdout: false, stderr: false },
    error: null,
    usage: { wallMs, cpuMs: 0, peakMemoryKb: 0 },
    message,
  };
}

export const internalError = (message: string, wallMs = 0): Result => platformResult("internal_error", message, wallMs);

/** A job cancelled before or while running: the user's code did not finish, so runtime_error. */
export const cancelled = (wallMs = 0): Result => platformResult("runtime_error", "cancelled", wallMs);
