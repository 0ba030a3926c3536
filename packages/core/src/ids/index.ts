import { monotonicFactory } from "ulid";
import type { IdGenerator } from "../ports";

/** ULIDs: unique, and sortable by creation time (the byUser index relies on that). */
export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: () => next() };
}
