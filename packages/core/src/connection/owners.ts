import type { Clock } from "../ports";
import type { Connection, ConnectionStore } from "./store";

/** A look-up started longer ago than this is not used: the connections may have changed since. */
export const PREFETCH_MAX_AGE_MS = 1000;
const MAX_PENDING = 10_000;

/**
 * Where a push finds the owner's connections. A caller that knows a push is coming (the worker, just
 * before it writes a job's final state) starts the look-up early, so it runs alongside that write
 * instead of after it; the push then takes it, once. Without a prefetch, a push looks up at once.
 * Never a cache: a list is used only for the push it was started for, so a connection opened since
 * an earlier push is always found.
 */
export class OwnerConnections {
  private readonly pending = new Map<string, { at: number; lookup: Promise<Connection[]> }>();

  constructor(
    private readonly store: Pick<ConnectionStore, "listByUser">,
    private readonly clock: Clock,
  ) {}

  /** Start looking up the user's connections for a push that is about to happen. */
  prefetch(userId: string): void {
    const lookup = this.store.listByUser(userId);
    lookup.catch(() => undefined); // a failed prefetch is looked up again by take()
    this.pending.delete(userId);
    this.pending.set(userId, { at: this.clock.now(), lookup });
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
  }

  /** The user's connections: the prefetched look-up if one is fresh, else a new one. */
  async take(userId: string): Promise<Connection[]> {
    const prefetched = this.pending.get(userId);
    this.pending.delete(userId);
    if (prefetched && this.clock.now() - prefetched.at < PREFETCH_MAX_AGE_MS) {
      const connections = await prefetched.lookup.catch(() => undefined);
      if (connections) return connections;
    }
    return this.store.listByUser(userId);
  }
}
