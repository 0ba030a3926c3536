import { idToken } from "./auth";
import { errorSentence, parseRetryAfter } from "./errors";

/**
 * An API failure. `message` is the human sentence for the code (api/errors.ts); `code` is the
 * server's machine-readable code (or NETWORK / SESSION_EXPIRED), for the UI to branch on.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let baseUrl = "";
let onSessionExpired: (() => void) | undefined;

export function setApiBaseUrl(url: string): void {
  baseUrl = url;
}

/** Called once when a request finds the session gone (no token, or the API answers 401). */
export function setSessionExpiredHandler(handler: () => void): void {
  onSessionExpired = handler;
}

async function bearer(): Promise<string> {
  try {
    return await idToken();
  } catch {
    onSessionExpired?.();
    throw new ApiError(401, "SESSION_EXPIRED", errorSentence("SESSION_EXPIRED"));
  }
}

/** JSON request with the current ID token; non-2xx answers become ApiError. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${await bearer()}` };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, "NETWORK", errorSentence("NETWORK"));
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = toApiError(response, payload);
    if (error.status === 401) onSessionExpired?.();
    throw error;
  }
  return payload as T;
}

function toApiError(response: Response, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === "string" ? error.code : `HTTP_${response.status}`;
  const serverMessage = typeof error?.message === "string" ? error.message : `The server answered ${response.status}.`;
  const retryAfterSeconds = parseRetryAfter(response.headers.get("Retry-After"));
  return new ApiError(
    response.status,
    code,
    errorSentence(code, { serverMessage, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) }),
    retryAfterSeconds,
  );
}
