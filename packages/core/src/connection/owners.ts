import type { Clock } from "../ports";
import type { Connection, ConnectionStore } from "./store";

/** How long a user's connection list is reused: a job's "running" and final pushes share one look-up. */
export const OWNER_CONNECTIONS_MAX_AGE_MS = 2000;
const MAX_USERS = 10_000;

/**
 * A user's open connections, looked up at most once per OWNER_CONNECTIONS_MAX_AGE_MS in this process.
 * A list can be stale in two ways: a connection it names has gone (the push says so, and the caller
 * asks again with `fresh`), or a connection opened since is missing (it gets the next push after the
 * list expires; a client that (re)connects asks the API for its unfinished jobs anyway).
 */
export class OwnerConnections {
  private readonly lists = new Map<string, { at: number; connections: Connection[] }>();

  constructor(
    private readonly store: Pick<ConnectionStore, "listByUser">,
    private readonly clock: Clock,
    private readonly maxAgeMs = OWNER_CONNECTIONS_MAX_AGE_MS,
  ) {}

  /** The user's connections and whether they came from this cache (and so may be stale). */
  async of(userId: string, options: { fresh?: boolean } = {}): Promise<{ connections: Connection[]; cached: boolean }> {
    const now = this.clock.now();
    const hit = this.lists.get(userId);
    if (!options.fresh && hit && now - hit.at < this.maxAgeMs) return { connections: hit.connections, cached: true };
    const connections = await this.store.listByUser(userId);
    this.remember(userId, { at: now, connections });
    return { connections, cached: false };
  }

  private remember(userId: string, entry: { at: number; connections: Connection[] }) {
    this.lists.delete(userId); // re-inserted last: the Map's order is then oldest first
    this.lists.set(userId, entry);
    while (this.lists.size > MAX_USERS) this.lists.delete(this.lists.keys().next().value!);
  }
}
