import type { Table } from "../store/entities";
import type { Job } from "./model";
import { belowLimit } from "./open-jobs";
import { withoutUndefined } from "./store";

const CONDITION_FAILED = "ConditionalCheckFailed";
const MAX_ATTEMPTS = 3;

/** Why a job was not admitted: the user already has their most jobs waiting or running. */
export type Refusal = "open";

export interface AdmissionLimits {
  /** At most this many of the user's jobs waiting or running (see open-jobs.ts). */
  maxOpen: number;
}

/** Before another try of a transaction DynamoDB cancelled for a conflict: full jitter, growing. */
const conflictBackoffMs = (attempt: number) => Math.random() * 20 * 2 ** attempt;

/**
 * A job is admitted in one transaction, one round trip, all or nothing: the user's open-jobs
 * counter counts one more and the job is stored as queued. So a refused job moves no counter
 * (nothing to undo), and an admitted one is always counted.
 */
export class JobAdmission {
  constructor(private readonly table: Table) {}

  /** Store `job` if the user is below their open-jobs limit; otherwise say why not. */
  async admit(job: Job, limits: AdmissionLimits): Promise<Refusal | undefined> {
    for (let attempt = 1; ; attempt++) {
      const reasons = await this.write(job, limits);
      if (!reasons) return undefined;
      const [counted, stored] = reasons;
      if (counted?.code === CONDITION_FAILED) return "open";
      // DynamoDB cancels a transaction that collides with another write to the same counter
      // (TransactionConflict): nothing was written, so it is tried again a little later.
      if (reasons.some((r) => r.code === "TransactionConflict") && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
        continue;
      }
      const why = reasons.map((r) => r.code).join(", ");
      throw new Error(`job admission was cancelled (${why})${stored?.message ? `: ${stored.message}` : ""}`);
    }
  }

  /** One try; the cancellation reasons in item order when the transaction was cancelled. */
  private async write(job: Job, limits: AdmissionLimits) {
    const { canceled, data } = await this.table.transaction
      .write(({ job: jobs, openjobs }) => [
        openjobs.update({ userId: job.userId }).add({ count: 1 }).where(belowLimit(limits.maxOpen)).commit(),
        jobs.create(withoutUndefined(job)).commit(),
      ])
      .go();
    return canceled ? data : undefined;
  }
}
