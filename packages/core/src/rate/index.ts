import { AppError } from "../errors";
import type { Clock } from "../ports";
import { isConditionFailure, type Table } from "../store/entities";

export interface RatePolicy {
  limit: number;
  windowSeconds: number;
}

/** One use of a limited action: its counter's key, the policy, and what the error calls it. */
export interface RateUse {
  key: string;
  policy: RatePolicy;
  what: string;
}

/** The fixed window `nowMs` falls in: its start, when its counter may expire, and when it ends. */
export function rateWindow(policy: RatePolicy, nowMs: number) {
  const nowSeconds = Math.floor(nowMs / 1000);
  const window = nowSeconds - (nowSeconds % policy.windowSeconds);
  return {
    window,
    expiresAt: window + policy.windowSeconds * 2,
    retryAfterSeconds: Math.max(1, window + policy.windowSeconds - nowSeconds),
  };
}

export function rateLimited(use: RateUse, nowMs: number): AppError {
  const { retryAfterSeconds } = rateWindow(use.policy, nowMs);
  const { limit, windowSeconds } = use.policy;
  return new AppError(
    "RATE_LIMITED",
    `Too many ${use.what}: at most ${limit} every ${windowSeconds} s. Try again in ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  );
}

/**
 * Fixed-window rate limits kept in the table, so every Lambda (and the local stack) shares them:
 * one conditional increment per request, refused once the window's count reaches the limit.
 */
export class RateLimiter {
  private readonly entity: Table["entities"]["rate"];

  constructor(
    table: Table,
    private readonly clock: Clock,
  ) {
    this.entity = table.entities.rate;
  }

  /** Count one use of `key`; throws RATE_LIMITED (with when to retry) past the policy's limit. */
  async take(key: string, policy: RatePolicy, what = "requests"): Promise<void> {
    const use = { key, policy, what };
    const nowMs = this.clock.now();
    try {
      const { window, expiresAt } = rateWindow(policy, nowMs);
      await this.entity
        .update({ key, window })
        .add({ count: 1 })
        .set({ expiresAt })
        .where((attr, op) => `${op.notExists(attr.count)} OR ${op.lt(attr.count, policy.limit)}`)
        .go({ response: "none" });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw rateLimited(use, nowMs);
    }
  }
}
