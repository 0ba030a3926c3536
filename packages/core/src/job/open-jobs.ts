import { openJobsEntity, RAW_ERRORS, type UpdateChain, updateOf } from "../store/entities";

/** Take one of the user's `max` places, as an ElectroDB update (committed in job/admission.ts). */
export function takePlace(entity: { update(key: never): unknown }, userId: string, max: number): UpdateChain {
  return updateOf(entity, { userId })
    .add({ count: 1 })
    .where((attr, op) => `${op.notExists(attr.count)} OR ${op.lt(attr.count, max)}`);
}

/** Give one of the user's places back, never below zero (committed with a job's final write in job/store.ts). */
export function givePlace(entity: { update(key: never): unknown }, userId: string): UpdateChain {
  return updateOf(entity, { userId })
    .add({ count: -1 })
    .where((attr, op) => op.gt(attr.count, 0));
}

/**
 * The per-user limit on jobs waiting or running, kept as a counter in the table: a job takes a
 * place with one conditional increment, inside the transaction that admits it (job/admission.ts,
 * atomic, so two submits at once cannot both take the last place), and gives it back in the
 * transaction that writes the job's final state (JobStore.end).
 *
 * A counter can still drift up: when that transaction cannot commit as a whole (the counter is
 * contended, or already at zero), the final write goes alone and the release follows it, and a
 * process that dies in between leaves one too many. So a counter that says "full" is not believed:
 * submitJob counts the user's unfinished jobs from the jobs themselves and resets the counter from
 * that (`reset`). A user at the limit pays for that query; everyone else pays one small write
 * instead of reading their newest jobs on every submit.
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
    await givePlace(this.entity, userId)
      .go({ ...RAW_ERRORS, response: "none" })
      .catch(() => undefined); // at zero already (condition failed), or the write was lost: see above
  }

  async count(userId: string): Promise<number> {
    const { data } = await this.entity.get({ userId }).go(RAW_ERRORS);
    return data?.count ?? 0;
  }
}
