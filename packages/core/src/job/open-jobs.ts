import type { Table } from "../store/entities";

type Count = { count: unknown };
type CountOps = { notExists(a: unknown): string; lt(a: unknown, v: number): string; gt(a: unknown, v: number): string };

/** The condition of counting one more open job: fewer than `max` now (job/admission.ts commits it with the job). */
export const belowLimit = (max: number) => (attr: Count, op: CountOps) =>
  `${op.notExists(attr.count)} OR ${op.lt(attr.count, max)}`;

/** The condition of counting one fewer: never below zero (job/store.ts commits it with a final write). */
export const aboveZero = (attr: Count, op: CountOps) => op.gt(attr.count, 0);

/**
 * The per-user limit on jobs waiting or running, kept as a counter in the table: admitting a job
 * counts it with one conditional increment, inside the transaction that stores it (job/admission.ts,
 * atomic, so two submits at once cannot both pass the limit), and the transaction that writes the
 * job's final state counts it down again (JobStore.end). Those are the counter's only writers,
 * besides the recount below.
 *
 * A counter can still drift up: when that transaction cannot commit as a whole (the counter is
 * contended, or already at zero), the final write goes alone and the release follows it, and a
 * process that dies in between leaves one too many. So a counter that says "full" is not believed:
 * submitJob counts the user's unfinished jobs from the jobs themselves and resets the counter from
 * that (`reset`). A user at the limit pays for that query; everyone else pays one small write
 * instead of reading their newest jobs on every submit.
 */
export class OpenJobCounter {
  private readonly entity: Table["entities"]["openjobs"];

  constructor(table: Table) {
    this.entity = table.entities.openjobs;
  }

  /** After a recount: the user has exactly `count` open jobs. */
  async reset(userId: string, count: number): Promise<void> {
    await this.entity.update({ userId }).set({ count }).go({ response: "none" });
  }

  /**
   * Count one open job fewer: it reached a final state. Never below zero, and never throws: the
   * caller's final write matters more, and a lost release only leaves the counter one too high,
   * which submitJob's recount repairs when the counter says "full".
   */
  async release(userId: string): Promise<void> {
    await this.entity
      .update({ userId })
      .add({ count: -1 })
      .where(aboveZero)
      .go({ response: "none" })
      .catch(() => undefined); // at zero already (condition failed), or the write was lost: see above
  }

  async count(userId: string): Promise<number> {
    const { data } = await this.entity.get({ userId }).go();
    return data?.count ?? 0;
  }
}
