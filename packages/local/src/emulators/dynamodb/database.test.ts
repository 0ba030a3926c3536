import { describe, expect, it } from "vitest";
import { Database, type JournalRecord } from "./database";
import type { TableSchema } from "./schema";

const schema: TableSchema = {
  TableName: "t",
  TableId: "",
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "N" },
    { AttributeName: "g", AttributeType: "S" },
  ],
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  BillingMode: "PAY_PER_REQUEST",
  GlobalSecondaryIndexes: [
    { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
  ],
  CreationDateTime: 0,
};

describe("tables in memory", () => {
  it("keeps partitions sorted by number and indexes sparse through puts and deletes", () => {
    const db = new Database();
    const t = db.createTable(schema);
    for (const sk of ["10", "-2", "3.5", "100", "0"])
      t.put({ pk: { S: "a" }, sk: { N: sk }, ...(sk === "3.5" || sk === "0" ? { g: { S: "x" } } : {}) });
    expect(t.store.partitionOf({ S: "a" })?.map((i) => i.sk)).toEqual([
      { N: "-2" },
      { N: "0" },
      { N: "3.5" },
      { N: "10" },
      { N: "100" },
    ]);
    expect(t.index("byG")?.store.partitionOf({ S: "x" })?.length).toBe(2);
    t.put({ pk: { S: "a" }, sk: { N: "0" } });
    expect(
      t
        .index("byG")
        ?.store.partitionOf({ S: "x" })
        ?.map((i) => i.sk),
    ).toEqual([{ N: "3.5" }]);
    t.delete({ pk: { S: "a" }, sk: { N: "3.5" } });
    expect(t.index("byG")?.store.partitionOf({ S: "x" })).toBeUndefined();
    expect(t.items.size).toBe(4);
  });

  it("journals every change and replays to the same tables", () => {
    const records: JournalRecord[] = [];
    const db = new Database((r) => records.push(r));
    const t = db.createTable(schema);
    t.put({ pk: { S: "a" }, sk: { N: "1" }, g: { S: "x" } });
    t.put({ pk: { S: "b" }, sk: { N: "1" } });
    t.delete({ pk: { S: "a" }, sk: { N: "1" } });
    const copy = new Database(() => {
      throw new Error("replay must not journal again");
    });
    copy.replay(records);
    expect([...copy.table("t").items.values()]).toEqual([{ pk: { S: "b" }, sk: { N: "1" } }]);
  });

  it("TTL sweep deletes past items only when enabled, and ignores non-numbers and times over five years old", () => {
    const db = new Database();
    const t = db.createTable(schema);
    const now = 2_000_000_000;
    const put = (sk: string, ttl?: { N: string } | { S: string }) =>
      t.put({ pk: { S: "a" }, sk: { N: sk }, ...(ttl ? { ttl } : {}) });
    put("1", { N: String(now - 1) });
    put("2", { N: String(now + 60) });
    put("3", { S: String(now - 1) });
    put("4", { N: String(now - 6 * 365 * 24 * 3600) });
    put("5");
    expect(db.sweepExpired(now)).toBe(0);
    db.setSchema(t, { ...t.schema, TimeToLive: { AttributeName: "ttl", Enabled: true } });
    expect(db.sweepExpired(now)).toBe(1);
    expect([...t.items.values()].map((i) => i.sk)).not.toContainEqual({ N: "1" });
    expect(t.items.size).toBe(4);
  });
});
