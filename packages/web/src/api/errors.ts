import type { ErrorCode } from "@code-remote/core/errors";

/**
 * Every error the API can answer, as a sentence a person can act on. The server's own message is
 * often more specific (which field, which limit), so it is added where it helps.
 * Codes the client makes up itself: NETWORK (no answer at all) and SESSION_EXPIRED (no valid token).
 */
export type ClientErrorCode = ErrorCode | "NETWORK" | "SESSION_EXPIRED";

export interface ErrorDetails {
  /** The server's message, shown after the sentence when it adds something. */
  serverMessage?: string;
  /** From the Retry-After header of a 429. */
  retryAfterSeconds?: number;
}

const SENTENCES: Record<ClientErrorCode, string> = {
  BAD_REQUEST: "The request was not understood.",
  VALIDATION_FAILED: "Some of the input is not valid.",
  UNENCODABLE_TEXT: "Some of the text cannot be sent: it holds a broken character (a lone surrogate).",
  CODE_TOO_LARGE: "Your code is too large to run (the limit is 64 KiB).",
  STDIN_TOO_LARGE: "The input (stdin) is too large (the limit is 64 KiB).",
  PAYLOAD_TOO_LARGE: "The request is too large: shorten the code, the input or the test cases.",
  UNAUTHORIZED: "Your session has expired. Please sign in again.",
  FORBIDDEN: "You are not allowed to do that.",
  NOT_FOUND: "That was not found.",
  JOB_NOT_FOUND: "This run no longer exists (runs are kept for 7 days).",
  CONFLICT: "This run has already finished.",
  INVALID_TRANSITION: "This run has already finished.",
  JOB_STILL_RUNNING: "This run is still waiting or running: cancel it first, or wait for it to finish.",
  RATE_LIMITED: "You are sending requests too quickly.",
  TOO_MANY_JOBS: "You have too many runs in progress. Wait for one to finish or cancel one.",
  TOO_MANY_CONNECTIONS: "You have this app open in too many tabs. Close one to get live updates here.",
  INTERNAL: "Something went wrong on our side. Please try again.",
  UNAVAILABLE: "The service is busy or restarting. Please try again in a moment.",
  NETWORK: "Cannot reach the server. Check your connection and try again.",
  SESSION_EXPIRED: "Your session has expired. Please sign in again.",
};

/** Codes whose server message names the exact problem (the field, the limit): shown after the sentence. */
const SHOW_SERVER_MESSAGE: ReadonlySet<string> = new Set([
  "BAD_REQUEST",
  "VALIDATION_FAILED",
  "UNENCODABLE_TEXT",
  "PAYLOAD_TOO_LARGE",
]);

export function isKnownCode(code: string): code is ClientErrorCode {
  return Object.hasOwn(SENTENCES, code);
}

/** "in 5 seconds", "in about 2 minutes", "in about an hour". */
export function retryIn(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `in ${s} second${s === 1 ? "" : "s"}`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `in about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "in about an hour" : `in about ${hours} hours`;
}

/** The human sentence for an error code (unknown codes fall back to the server's message). */
export function errorSentence(code: string, details: ErrorDetails = {}): string {
  const known = isKnownCode(code) ? SENTENCES[code] : undefined;
  let sentence = known ?? details.serverMessage ?? "Something went wrong. Please try again.";
  if (known && details.serverMessage && SHOW_SERVER_MESSAGE.has(code) && details.serverMessage !== known) {
    sentence = `${known.replace(/\.$/, ":")} ${details.serverMessage.replace(/\.?$/, ".")}`;
  }
  if (code === "RATE_LIMITED" || code === "TOO_MANY_JOBS") {
    sentence +=
      details.retryAfterSeconds !== undefined
        ? ` Try again ${retryIn(details.retryAfterSeconds)}.`
        : " Try again shortly.";
  }
  return sentence;
}

/** Retry-After is seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
