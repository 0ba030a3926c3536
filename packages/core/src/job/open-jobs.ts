import { openJobsEntity, RAW_ERRORS, type UpdateChain, updateOf } from "../store/entities";

/** Take one of the user's `max` places, as an ElectroDB update (committed in job/admission.ts). */
export function takePlace(entity: { update(key: never): unknown }, userId: string, max: number): UpdateChain {
  return updateOf(entity, { userId })
    .add({ count: 1 })
    .where((attr, op) => `${op.notExists(attr.count)} OR ${op.lt(attr.count, max)}`);
}

/**
 * The per-user limit on jobs waiting or running, kept as a counter in the table: a job takes a
 * place with one conditional increment, inside the transaction that admits it (job/admission.ts,
 * atomic, so two submits at once cannot both take the last place), and each job's one successful
 * final write is followed by a decrement.
 *
 * A counter can drift up: a process that dies between a job's final write and its release leaves
 * one too many. So a counter that says "full" is not believed: submitJob counts the user's
 * unfinished jobs from the jobs themselves and resets the counter from that (`reset`). A user at
 * the limit pays for that query; everyone else pays one small write instead of reading their
 * newest jobs on every submit.
 */
export class OpenJobCounter {
  private readonly entity: ReturnType<typeof openJobsEntity>;

  constructor(client: unknown, table: string) {
    this.entity = openJobsEntity(client, table);
  }

  /** After a recount: the user holds exactly `count` places. */
  async reset(userId: string, count: number): Promise<void> {
    await this.entity.update({ userId }).set({ count }).go({ ...RAW_ERRORS, response: "none" });
  }

  /**
   * Give a place back: the job reached a final state. Never below zero, and never throws: the
   * caller's final write matters more, and a lost release only leaves the counter one too high,
   * which submitJob's recount repairs when the counter says "full".
   */
  async release(userId: string): Promise<void> {
    await this.entity
      .update({ userId })
      .add({ count: -1 })
      .where((attr, op) => op.gt(attr.count, 0))
      .go({ ...RAW_ERRORS, response: "none" })
      .catch(() => undefined); // at zero already (condition failed), or the write was lost: see above
  }

  async count(userId: string): Promise<number> {
    const { data } = await this.entity.get({ userId }).go(RAW_ERRORS);
    return data?.count ?? 0;
  }
}
