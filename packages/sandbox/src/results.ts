import { platformResult, type Result } from "@code-remote/core/execution";

export { platformResult };

export const internalError = (message: string, wallMs = 0): Result => platformResult("internal_error", message, wallMs);

/** A job cancelled before or while running: the user's code did not finish, so runtime_error. */
export const cancelled = (wallMs = 0): Result => platformResult("runtime_error", "cancelled", wallMs);
