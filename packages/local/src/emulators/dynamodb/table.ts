import { validation } from "./errors";
import { indexPartitionHash, partitionHash, segmentOf, tableKeyHash } from "./key-order";
import type { IndexSchema, Projection, ScalarType, TableSchema } from "./schema";
import { compareValues, getOwn, itemSize, scalar, typeOf, type AttributeValue, type Item } from "./values";

/** Items sorted by an order; binary search keeps inserts and range queries O(log n) to find. */
type Order = (a: Item, b: Item) => number;

/** First index whose element makes `pred` true, for a predicate that is false then true along the array. */
export function firstIndex(items: Item[], pred: (item: Item) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(items[mid] as Item)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A key value's identity inside one attribute of fixed type. Length-prefixed so hash+range cannot collide. */
function keyPart(value: AttributeValue): string {
  const s = scalar(value);
  return `${s.length}:${s}`;
}

function byAttribute(name: string): Order {
  return (a, b) => compareValues(a[name] as AttributeValue, b[name] as AttributeValue) as number;
}

function chain(...orders: Order[]): Order {
  return (a, b) => {
    for (const o of orders) {
      const c = o(a, b);
      if (c) return c;
    }
    return 0;
  };
}

const tableKeyHashes = new WeakMap<Item, string>();

/** Items grouped by a hash attribute, each group sorted; shared by the table and its indexes. */
export class SortedPartitions {
  readonly partitions = new Map<string, Item[]>();
  private scanOrder: { key: string; sortHash: string; hash: AttributeValue }[] | undefined;

  constructor(
    readonly hash: string,
    readonly range: string | undefined,
    readonly order: Order,
    /** The hash that places a partition in scan order (key-order.ts). */
    private readonly hashOf: (value: AttributeValue) => string = partitionHash,
  ) {}

  partitionOf(hashValue: AttributeValue): Item[] | undefined {
    return this.partitions.get(keyPart(hashValue));
  }

  insert(item: Item): void {
    const key = keyPart(item[this.hash] as AttributeValue);
    let list = this.partitions.get(key);
    if (!list) {
      list = [];
      this.partitions.set(key, list);
      this.scanOrder = undefined;
    }
    const at = firstIndex(list, (x) => this.order(x, item) > 0);
    list.splice(at, 0, item);
  }

  remove(item: Item): void {
    const key = keyPart(item[this.hash] as AttributeValue);
    const list = this.partitions.get(key);
    if (!list) return;
    let at = firstIndex(list, (x) => this.order(x, item) >= 0);
    while (at < list.length && list[at] !== item) at++;
    if (at === list.length) return;
    list.splice(at, 1);
    if (!list.length) {
      this.partitions.delete(key);
      this.scanOrder = undefined;
    }
  }

  replace(old: Item, next: Item): void {
    // Same position when the sort attributes are unchanged: swap in place, no splice.
    const list = this.partitions.get(keyPart(old[this.hash] as AttributeValue));
    if (
      list &&
      this.order(old, next) === 0 &&
      keyPart(next[this.hash] as AttributeValue) === keyPart(old[this.hash] as AttributeValue)
    ) {
      let at = firstIndex(list, (x) => this.order(x, old) >= 0);
      while (at < list.length && list[at] !== old) at++;
      if (at < list.length) {
        list[at] = next;
        return;
      }
    }
    this.remove(old);
    this.insert(next);
  }

  /** Partitions in scan order, optionally only those of one segment of `total`. */
  scanPartitions(segment = 0, total = 1): { key: string; sortHash: string; hash: AttributeValue }[] {
    if (!this.scanOrder) {
      this.scanOrder = [...this.partitions.entries()].map(([key, items]) => {
        const hash = (items[0] as Item)[this.hash] as AttributeValue;
        return { key, sortHash: this.hashOf(hash), hash };
      });
      this.scanOrder.sort((a, b) =>
        a.sortHash < b.sortHash ? -1 : a.sortHash > b.sortHash ? 1 : (compareValues(a.hash, b.hash) as number),
      );
    }
    if (total === 1) return this.scanOrder;
    return this.scanOrder.filter((p) => segmentOf(p.sortHash, total) === segment);
  }

  /** Where a scan resumes after `key`: index into scanPartitions() of the partition at or after it. */
  scanPosition(list: { sortHash: string; hash: AttributeValue }[], hash: AttributeValue): number {
    const sortHash = this.hashOf(hash);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = list[mid] as { sortHash: string; hash: AttributeValue };
      const c = p.sortHash < sortHash ? -1 : p.sortHash > sortHash ? 1 : (compareValues(p.hash, hash) as number);
      if (c >= 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

export interface Index {
  name: string;
  global: boolean;
  hash: string;
  range: string | undefined;
  projection: Projection;
  /** The attribute names a LastEvaluatedKey of this index carries: index keys, then table keys. */
  keyNames: string[];
  store: SortedPartitions;
}

export type WriteListener = (table: Table, item: Item | undefined, key: Item, old: Item | undefined) => void;

/** One table in memory: O(1) lookup by primary key, sorted partitions for Query, indexes kept on each write. */
export class Table {
  readonly hash: string;
  readonly range: string | undefined;
  readonly keyNames: string[];
  readonly types: Record<string, ScalarType> = {};
  readonly items = new Map<string, Item>();
  readonly store: SortedPartitions;
  readonly indexes: Index[] = [];
  sizeBytes = 0;

  constructor(
    public schema: TableSchema,
    private readonly onWrite?: WriteListener,
  ) {
    for (const d of schema.AttributeDefinitions) this.types[d.AttributeName] = d.AttributeType;
    this.hash = schema.KeySchema[0]?.AttributeName as string;
    this.range = schema.KeySchema[1]?.AttributeName;
    this.keyNames = this.range ? [this.hash, this.range] : [this.hash];
    const tableOrder = this.range ? byAttribute(this.range) : () => 0;
    this.store = new SortedPartitions(this.hash, this.range, tableOrder);
    // Items with equal index keys: ordered by a hash of their table key (key-order.ts), then the key itself.
    const keyHash = (item: Item) => {
      let h = tableKeyHashes.get(item);
      if (h === undefined) {
        h = tableKeyHash(item[this.hash] as AttributeValue, this.range ? item[this.range] : undefined);
        tableKeyHashes.set(item, h);
      }
      return h;
    };
    const byKeyHash: Order = (a, b) => {
      const x = keyHash(a);
      const y = keyHash(b);
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const tieBreak = chain(byKeyHash, byAttribute(this.hash), tableOrder);
    const addIndex = (def: IndexSchema, global: boolean) => {
      const hash = def.KeySchema[0]?.AttributeName as string;
      const range = def.KeySchema[1]?.AttributeName;
      const order = range ? chain(byAttribute(range), tieBreak) : tieBreak;
      const keyNames = [hash, ...(range ? [range] : [])];
      for (const k of this.keyNames) if (!keyNames.includes(k)) keyNames.push(k);
      this.indexes.push({
        name: def.IndexName,
        global,
        hash,
        range,
        projection: def.Projection,
        keyNames,
        store: new SortedPartitions(hash, range, order, global ? indexPartitionHash : partitionHash),
      });
    };
    for (const g of schema.GlobalSecondaryIndexes ?? []) addIndex(g, true);
    for (const l of schema.LocalSecondaryIndexes ?? []) addIndex(l, false);
  }

  get name(): string {
    return this.schema.TableName;
  }

  index(name: string): Index | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  keyString(key: Item): string {
    const h = keyPart(key[this.hash] as AttributeValue);
    return this.range ? h + keyPart(key[this.range] as AttributeValue) : h;
  }

  keyOf(item: Item): Item {
    const key: Item = { [this.hash]: item[this.hash] as AttributeValue };
    if (this.range) key[this.range] = item[this.range] as AttributeValue;
    return key;
  }

  get(key: Item): Item | undefined {
    return this.items.get(this.keyString(key));
  }

  /** Store an item (already validated), replacing any with the same key; returns the old one. */
  put(item: Item): Item | undefined {
    const k = this.keyString(item);
    const old = this.items.get(k);
    this.items.set(k, item);
    if (old) {
      this.store.replace(old, item);
      this.sizeBytes -= itemSize(old);
    } else this.store.insert(item);
    this.sizeBytes += itemSize(item);
    for (const index of this.indexes) {
      const was = old && inIndex(old, index);
      const is = inIndex(item, index);
      if (was && is) index.store.replace(old, item);
      else if (was) index.store.remove(old);
      else if (is) index.store.insert(item);
    }
    this.onWrite?.(this, item, this.keyOf(item), old);
    return old;
  }

  delete(key: Item): Item | undefined {
    const k = this.keyString(key);
    const old = this.items.get(k);
    if (!old) return undefined;
    this.items.delete(k);
    this.store.remove(old);
    this.sizeBytes -= itemSize(old);
    for (const index of this.indexes) if (inIndex(old, index)) index.store.remove(old);
    this.onWrite?.(this, undefined, this.keyOf(old), old);
    return old;
  }

  // ---- validation of keys and items against the schema ----

  /** A `Key` parameter: exactly the key attributes, of the declared types, non-empty. */
  checkKey(key: Item): void {
    const names = Object.keys(key);
    if (names.length !== this.keyNames.length || !this.keyNames.every((n) => getOwn(key, n))) {
      throw validation("The provided key element does not match the schema");
    }
    for (const [i, n] of this.keyNames.entries()) {
      const v = key[n] as AttributeValue;
      if (typeOf(v) !== this.types[n]) throw validation("The provided key element does not match the schema");
      checkKeyValue(n, v, i === 0);
    }
  }

  /** A whole item (PutItem, or the result of an update): key attributes present and typed, index keys typed. */
  checkItem(item: Item): void {
    for (const [i, n] of this.keyNames.entries()) {
      const v = getOwn(item, n);
      if (!v) throw validation(`One or more parameter values were invalid: Missing the key ${n} in the item`);
      const type = typeOf(v);
      if (type !== this.types[n]) {
        throw validation(
          `One or more parameter values were invalid: Type mismatch for key ${n} expected: ${this.types[n]} actual: ${type}`,
        );
      }
      checkKeyValue(n, v, i === 0);
    }
    for (const index of this.indexes) {
      for (const n of [index.hash, index.range]) {
        if (!n) continue;
        const v = getOwn(item, n);
        if (!v) continue;
        const type = typeOf(v);
        if (type !== this.types[n]) {
          throw validation(
            `One or more parameter values were invalid: Type mismatch for Index Key ${n} Expected: ${this.types[n]} Actual: ${type} IndexName: ${index.name}`,
          );
        }
        if (scalar(v) === "") {
          throw validation(
            `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${type === "S" ? "string" : "binary"} value. IndexName: ${index.name}, IndexKey: ${n}`,
          );
        }
      }
    }
  }
}

function checkKeyValue(name: string, v: AttributeValue, isHash: boolean): void {
  const s = scalar(v);
  if (s === "" && !("N" in v)) {
    throw validation(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${"S" in v ? "string" : "binary"} value. Key: ${name}`,
    );
  }
  if ("N" in v) return;
  const bytes = "B" in v ? Buffer.byteLength(v.B, "base64") : Buffer.byteLength(s, "utf8");
  if (isHash && bytes > 2048)
    throw validation(
      "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
    );
  if (!isHash && bytes > 1024) {
    throw validation(
      "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
    );
  }
}

/** Secondary indexes are sparse: only items carrying all of the index's key attributes appear. */
function inIndex(item: Item, index: Index): boolean {
  return getOwn(item, index.hash) !== undefined && (!index.range || getOwn(item, index.range) !== undefined);
}
