import { randomUUID } from "node:crypto";
import { DynamoError, notFound } from "./errors";
import type { TableSchema } from "./schema";
import { Table, type WriteListener } from "./table";
import type { Item } from "./values";

const FIVE_YEARS = 5 * 365 * 24 * 3600;

/** A change the persistence layer records, in the order it happened. */
export type JournalRecord =
  | { t: "table"; schema: TableSchema }
  | { t: "schema"; schema: TableSchema }
  | { t: "drop"; name: string }
  | { t: "put"; n: string; item: Item }
  | { t: "del"; n: string; key: Item };

/** All tables of one server. Every method is synchronous, so each request is atomic by construction. */
export class Database {
  readonly tables = new Map<string, Table>();
  private readonly onWrite: WriteListener;
  private replaying = false;

  constructor(private readonly journal: (r: JournalRecord) => void = () => {}) {
    this.onWrite = (table, item, key) => {
      if (item) this.record({ t: "put", n: table.name, item });
      else this.record({ t: "del", n: table.name, key });
    };
  }

  private record(r: JournalRecord): void {
    if (!this.replaying) this.journal(r);
  }

  table(name: unknown): Table {
    const table = typeof name === "string" ? this.tables.get(name) : undefined;
    if (!table) throw notFound();
    return table;
  }

  createTable(schema: TableSchema): Table {
    if (this.tables.has(schema.TableName)) {
      throw new DynamoError("ResourceInUseException", `Table already exists: ${schema.TableName}`);
    }
    const table = new Table({ ...schema, TableId: schema.TableId || randomUUID() }, this.onWrite);
    this.tables.set(schema.TableName, table);
    this.record({ t: "table", schema: table.schema });
    return table;
  }

  deleteTable(name: string): Table {
    const table = this.table(name);
    this.tables.delete(name);
    this.record({ t: "drop", name });
    return table;
  }

  setSchema(table: Table, schema: TableSchema): void {
    table.schema = schema;
    this.record({ t: "schema", schema });
  }

  /** Replay one journal record (no re-journalling: the record is already on disk). */
  replay(records: Iterable<JournalRecord>): void {
    this.replaying = true;
    try {
      for (const r of records) this.apply(r);
    } finally {
      this.replaying = false;
    }
  }

  private apply(r: JournalRecord): void {
    switch (r.t) {
      case "table":
        this.tables.set(r.schema.TableName, new Table(r.schema, this.onWrite));
        break;
      case "schema": {
        const t = this.tables.get(r.schema.TableName);
        if (t) t.schema = r.schema;
        break;
      }
      case "drop":
        this.tables.delete(r.name);
        break;
      case "put":
        this.tables.get(r.n)?.put(r.item);
        break;
      case "del":
        this.tables.get(r.n)?.delete(r.key);
        break;
    }
  }

  /**
   * TTL: delete items whose TTL attribute (epoch seconds, a number) is in the past. DynamoDB does this
   * lazily in the background; until the sweep reaches an item, reads still return it.
   */
  sweepExpired(nowSeconds: number): number {
    let deleted = 0;
    for (const table of this.tables.values()) {
      const ttl = table.schema.TimeToLive;
      if (!ttl?.Enabled) continue;
      const expired: Item[] = [];
      for (const item of table.items.values()) {
        const v = item[ttl.AttributeName];
        if (!v || !("N" in v)) continue;
        const at = Number(v.N);
        // Like DynamoDB, a TTL more than five years in the past is taken as not a TTL at all.
        if (at < nowSeconds && at > nowSeconds - FIVE_YEARS) expired.push(item);
      }
      for (const item of expired) table.delete(table.keyOf(item));
      deleted += expired.length;
    }
    return deleted;
  }
}
