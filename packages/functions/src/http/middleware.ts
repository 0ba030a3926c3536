import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { MAX_REQUEST_BODY_BYTES } from "@code-remote/core/contract";
import { AppError, toAppError } from "@code-remote/core/errors";
import type { Deps } from "../deps";
import { identityFromClaims } from "../identity";
import type { ApiEnv } from "./env";

export function provideDeps(deps: Deps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set("deps", deps);
    await next();
  };
}

/**
 * Every route but /health is behind the HTTP API's JWT authorizer (infra/api.ts; locally its twin,
 * packages/local/src/jwt-authorizer.ts), which has verified the token before the function runs:
 * the caller is read from the claims it passes on, never verified a second time.
 */
export const requireUser: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const claims = c.env?.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw new AppError("UNAUTHORIZED", "Sign in first: the request carries no verified token.");
  c.set("identity", identityFromClaims(claims));
  await next();
};

export type RateLimitedAction = "execute" | "analyze";

/**
 * The one way a route is rate limited: each request counts one use of `action` for the caller,
 * against its per-minute limit, in the table (so it holds across Lambdas); RATE_LIMITED past it.
 */
export function rateLimit(action: RateLimitedAction): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const deps = c.get("deps");
    const perMinute = action === "execute" ? deps.config.limits.executePerMinute : deps.config.limits.analyzePerMinute;
    const key = `${action}#${c.get("identity").userId}`;
    await deps.rateLimiter.take(key, { limit: perMinute, windowSeconds: 60 }, `${action} requests`);
    await next();
  };
}

export const limitBody = bodyLimit({
  maxSize: MAX_REQUEST_BODY_BYTES,
  onError: () => {
    throw new AppError("PAYLOAD_TOO_LARGE", `The request body must be at most ${MAX_REQUEST_BODY_BYTES / 1024} KiB.`);
  },
});

/** Any failure becomes `{error: {code, message}}` with its status; internals are logged, never sent. */
export function renderError(error: unknown, c: Context<ApiEnv>) {
  const appError = toAppError(error);
  if (appError.status >= 500) {
    c.get("deps")?.log("error", "request failed", {
      method: c.req.method,
      path: c.req.path,
      error: appError.cause ?? appError,
    });
  }
  // The rest of an oversized body is never read: close the connection so a client cannot reuse it half-read.
  if (appError.code === "PAYLOAD_TOO_LARGE") c.header("Connection", "close");
  if (appError.retryAfterSeconds !== undefined) c.header("Retry-After", String(appError.retryAfterSeconds));
  return c.json(appError.toBody(), appError.status as 400);
}

/** JSON bodies only; a malformed body is a 400, not a crash. */
export async function readJson(c: Context<ApiEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}
