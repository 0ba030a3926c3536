import { describe, expect, it } from "vitest";
import type { Job } from "../job/model";
import type { Notifier, SendOutcome } from "../ports";
import { OwnerConnections, PREFETCH_MAX_AGE_MS } from "./owners";
import { notifyOwner } from "./service";
import type { Connection, ConnectionStore } from "./store";

// An in-memory table of connections and a notifier that records pushes: enough to drive the domain.
function world() {
  let now = 1_000_000;
  const rows = new Map<string, Connection>();
  const pushed: string[] = [];
  let lookups = 0;
  const connections = {
    listByUser: async (userId: string) => (lookups++, [...rows.values()].filter((c) => c.userId === userId)),
    remove: async (id: string) => void rows.delete(id),
  } as unknown as ConnectionStore;
  const notifier: Notifier = { send: async (id): Promise<SendOutcome> => (pushed.push(id), "sent") };
  const clock = { now: () => now };
  const open = (id: string, userId = "u1") => rows.set(id, { connectionId: id, userId, connectedAt: now, expiresAt: 0 });
  const owners = new OwnerConnections(connections, clock);
  const deps = { connections, notifier, clock, owners };
  return { deps, owners, open, pushed, lookups: () => lookups, advance: (ms: number) => (now += ms) };
}

const job = { jobId: "j1", userId: "u1", state: "finished" } as Job;

describe("pushes to a job's owner", () => {
  it("a prefetched look-up serves the next push, once; the push after looks up again", async () => {
    const w = world();
    w.open("a");
    w.owners.prefetch("u1");
    await notifyOwner(w.deps, job);
    expect(w.lookups()).toBe(1);
    w.open("b"); // a connection opened after that push is found by the next one
    await notifyOwner(w.deps, job);
    expect(w.lookups()).toBe(2);
    expect(w.pushed).toEqual(["a", "a", "b"]);
  });

  it("a prefetch older than its max age is not used", async () => {
    const w = world();
    w.open("a");
    w.owners.prefetch("u1");
    w.advance(PREFETCH_MAX_AGE_MS);
    w.open("b");
    await notifyOwner(w.deps, job);
    expect(w.lookups()).toBe(2);
    expect(w.pushed.sort()).toEqual(["a", "b"]);
  });

  it("a failed prefetch is looked up again at the push", async () => {
    const w = world();
    w.open("a");
    let fail = true;
    const flaky = {
      listByUser: async (userId: string) => {
        if (fail) {
          fail = false;
          throw new Error("throttled");
        }
        return w.deps.connections.listByUser(userId);
      },
    };
    const owners = new OwnerConnections(flaky, w.deps.clock);
    owners.prefetch("u1");
    await notifyOwner({ ...w.deps, owners }, job);
    expect(w.pushed).toEqual(["a"]);
  });

  it("without a prefetch, or without the owners helper, every push looks up", async () => {
    const w = world();
    w.open("a");
    await notifyOwner(w.deps, job);
    const { owners: _, ...plain } = w.deps;
    await notifyOwner(plain, job);
    expect(w.lookups()).toBe(2);
  });
});
