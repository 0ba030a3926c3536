import { Service } from "electrodb";
import { countUse, type RateUse } from "../rate";
import { jobEntity, openJobsEntity, rateCounterEntity } from "../store/entities";
import type { Job } from "./model";
import { takePlace } from "./open-jobs";
import { withoutUndefined } from "./store";

const CONDITION_FAILED = "ConditionalCheckFailed";
const MAX_ATTEMPTS = 3;

/** Why a job was not admitted: the user's rate limit, or their places for open jobs. */
export type Refusal = "rate" | "open";

export interface AdmissionLimits {
  /** At most this many of the user's jobs waiting or running (see open-jobs.ts). */
  maxOpen: number;
  /** The rate limit this submit counts against, if any. */
  rate?: RateUse;
  nowMs: number;
}

/**
 * A job is admitted in one transaction, one round trip, all or nothing: the user's rate-limit
 * counter counts one more use, the user's open-jobs counter takes a place, and the job is stored
 * as queued. So a refused job moves no counter (nothing to give back), and an admitted one cannot
 * exist without its place.
 */
export class JobAdmission {
  private readonly service;

  constructor(client: unknown, table: string) {
    this.service = new Service(
      {
        job: jobEntity(client, table),
        rate: rateCounterEntity(client, table),
        openjobs: openJobsEntity(client, table),
      },
      { client: client as never, table },
    );
  }

  /** Store `job` if the limits allow; otherwise say which refused (the rate limit first). */
  async admit(job: Job, limits: AdmissionLimits): Promise<Refusal | undefined> {
    for (let attempt = 1; ; attempt++) {
      const reasons = await this.write(job, limits);
      if (!reasons) return undefined;
      const [rate, place, stored] = limits.rate ? reasons : [undefined, ...reasons];
      if (rate?.code === CONDITION_FAILED) return "rate";
      if (place?.code === CONDITION_FAILED) return "open";
      // DynamoDB cancels a transaction that collides with another write to the same counter
      // (TransactionConflict): nothing was written, so it is tried again.
      if (reasons.some((r) => r.code === "TransactionConflict") && attempt < MAX_ATTEMPTS) continue;
      const why = reasons.map((r) => r.code).join(", ");
      throw new Error(`job admission was cancelled (${why})${stored?.message ? `: ${stored.message}` : ""}`);
    }
  }

  /** One try; the cancellation reasons in item order when the transaction was cancelled. */
  private async write(job: Job, limits: AdmissionLimits) {
    const { canceled, data } = await this.service.transaction
      .write(({ job: jobs, rate, openjobs }) =>
        [
          ...(limits.rate ? [countUse(rate, limits.rate, limits.nowMs).commit()] : []),
          takePlace(openjobs, job.userId, limits.maxOpen).commit(),
          jobs.create(withoutUndefined(job) as never).commit(),
        ] as never,
      )
      .go();
    return canceled ? (data as Array<{ rejected: boolean; code: string; message?: string }>) : undefined;
  }
}
