import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import type { Notifier, SendOutcome } from "../ports";
import { connect } from "./service";
import type { Connection, ConnectionStore } from "./store";

// An in-memory table of connections, and a gateway that knows which sockets are really open.
function world() {
  const rows = new Map<string, Connection>();
  const live = new Set<string>();
  const probed: string[] = [];
  const tick = () => new Promise((r) => setTimeout(r, 0)); // every call yields, as a network call does
  const connections = {
    put: async (c: Connection) => {
      await tick();
      rows.set(c.connectionId, c);
    },
    remove: async (id: string) => {
      await tick();
      rows.delete(id);
    },
    listByUser: async (userId: string) => {
      await tick();
      return [...rows.values()].filter((c) => c.userId === userId);
    },
  } as unknown as ConnectionStore;
  const notifier: Notifier = {
    send: async (id): Promise<SendOutcome> => {
      probed.push(id);
      return live.has(id) ? "sent" : "gone";
    },
  };
  let now = 1_000_000;
  const deps = { connections, notifier, clock: { now: () => now } };
  const open = async (id: string, userId = "u1") => {
    await connect(deps, id, userId, { maxPerUser: 3 });
    live.add(id);
  };
  return { deps, rows, live, probed, open, advance: (ms: number) => (now += ms) };
}

const refused = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (AppError.is(e) ? [e.code, e.status] : e),
  );

describe("connections per user", () => {
  it("the connection past the cap is refused with 429 TOO_MANY_CONNECTIONS and not recorded", async () => {
    const w = world();
    for (const id of ["a", "b", "c"]) await w.open(id);
    expect(await refused(w.open("d"))).toEqual(["TOO_MANY_CONNECTIONS", 429]);
    expect([...w.rows.keys()]).toEqual(["a", "b", "c"]);
    await w.open("x", "u2"); // another user is not affected
  });

  it("connections opening at the same moment never get past the cap together", async () => {
    const w = world();
    await w.open("a");
    const results = await Promise.all(["b", "c", "d", "e", "f"].map((id) => refused(w.open(id))));
    const accepted = results.filter((r) => r === undefined).length;
    expect(accepted).toBeLessThanOrEqual(2);
    expect([...w.rows.values()].filter((c) => c.userId === "u1").length).toBeLessThanOrEqual(3);
  });

  it("records whose sockets are gone (no $disconnect ran) are found out and removed, not counted", async () => {
    const w = world();
    for (const id of ["a", "b", "c"]) await w.open(id);
    w.live.delete("a");
    w.live.delete("b"); // dropped without a $disconnect: their records stay
    w.advance(60_000);
    await w.open("d");
    expect(w.probed.sort()).toEqual(["a", "b", "c"]);
    expect([...w.rows.keys()].sort()).toEqual(["c", "d"]);
  });

  it("connections still in their own $connect are not probed (the gateway would call them gone)", async () => {
    const w = world();
    for (const id of ["a", "b", "c"]) await w.open(id);
    w.live.delete("a");
    expect(await refused(w.open("d"))).toEqual(["TOO_MANY_CONNECTIONS", 429]);
    expect(w.probed).toEqual([]);
    expect([...w.rows.keys()]).toEqual(["a", "b", "c"]);
  });
});
