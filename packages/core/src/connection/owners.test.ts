import { describe, expect, it } from "vitest";
import type { Job } from "../job/model";
import type { Notifier, SendOutcome } from "../ports";
import { OwnerConnections } from "./owners";
import { notifyOwner } from "./service";
import type { Connection, ConnectionStore } from "./store";

// An in-memory table of connections and a notifier that records pushes: enough to drive the domain.
function world() {
  let now = 1_000_000;
  const rows = new Map<string, Connection>();
  const gone = new Set<string>();
  const pushed: string[] = [];
  let lookups = 0;
  const connections = {
    listByUser: async (userId: string) => (lookups++, [...rows.values()].filter((c) => c.userId === userId)),
    remove: async (id: string) => void rows.delete(id),
  } as unknown as ConnectionStore;
  const notifier: Notifier = {
    send: async (id): Promise<SendOutcome> => (gone.has(id) ? "gone" : (pushed.push(id), "sent")),
  };
  const clock = { now: () => now };
  const open = (id: string, userId = "u1") => rows.set(id, { connectionId: id, userId, connectedAt: now, expiresAt: 0 });
  const drop = (id: string) => gone.add(id); // the client went away; the table still lists it
  const deps = { connections, notifier, clock, owners: new OwnerConnections(connections, clock) };
  return { deps, open, drop, pushed, lookups: () => lookups, advance: (ms: number) => (now += ms), rows };
}

const job = { jobId: "j1", userId: "u1", state: "running" } as Job;

describe("pushes to a job's owner", () => {
  it("a job's pushes close together share one look-up; after the max age it looks again", async () => {
    const w = world();
    w.open("a");
    await notifyOwner(w.deps, job);
    await notifyOwner(w.deps, { ...job, state: "finished" });
    expect(w.lookups()).toBe(1);
    expect(w.pushed).toEqual(["a", "a"]);
    w.advance(2500);
    w.open("b");
    await notifyOwner(w.deps, job);
    expect(w.lookups()).toBe(2);
    expect(w.pushed.slice(2).sort()).toEqual(["a", "b"]);
  });

  it("a client that reconnected since the look-up still gets the frame on its new connection", async () => {
    const w = world();
    w.open("old");
    await notifyOwner(w.deps, job);
    w.drop("old");
    w.open("new");
    await notifyOwner(w.deps, { ...job, state: "finished" });
    expect(w.pushed).toEqual(["old", "new"]);
    expect(w.rows.has("old")).toBe(false); // a gone connection is removed from the table
  });

  it("without the cache every push looks the connections up", async () => {
    const w = world();
    w.open("a");
    const { owners: _, ...uncached } = w.deps;
    await notifyOwner(uncached, job);
    await notifyOwner(uncached, job);
    expect(w.lookups()).toBe(2);
  });
});
