import { AppError } from "../errors";
import type { Clock } from "../ports";
import { isConditionFailure, rateCounterEntity, RAW_ERRORS } from "../store/entities";

export interface RatePolicy {
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window rate limits kept in the table, so every Lambda (and the local stack) shares them:
 * one conditional increment per request, refused once the window's count reaches the limit.
 */
export class RateLimiter {
  private readonly entity: ReturnType<typeof rateCounterEntity>;

  constructor(
    client: unknown,
    table: string,
    private readonly clock: Clock,
  ) {
    this.entity = rateCounterEntity(client, table);
  }

  /** Count one use of `key`; throws RATE_LIMITED (with when to retry) past the policy's limit. */
  async take(key: string, policy: RatePolicy, what = "requests"): Promise<void> {
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const window = nowSeconds - (nowSeconds % policy.windowSeconds);
    try {
      await this.entity
        .update({ key, window })
        .add({ count: 1 })
        .set({ expiresAt: window + policy.windowSeconds * 2 })
        .where((attr, op) => `${op.notExists(attr.count)} OR ${op.lt(attr.count, policy.limit)}`)
        .go({ ...RAW_ERRORS, response: "none" });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const retryAfterSeconds = Math.max(1, window + policy.windowSeconds - nowSeconds);
      throw new AppError(
        "RATE_LIMITED",
        `Too many ${what}: at most ${policy.limit} every ${policy.windowSeconds} s. Try again in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
    }
  }
}
