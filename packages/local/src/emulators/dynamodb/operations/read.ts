import { validation } from "../errors";
import type { Condition, Operand, Path } from "../expressions/ast";
import { evaluateCondition, project } from "../expressions/evaluate";
import { parseCondition } from "../expressions/parser";
import { partitionHash, segmentOf } from "../key-order";
import { firstIndex, type Index, type Table } from "../table";
import { compareValues, itemSize, parseItem, typeOf, valuesEqual, type AttributeValue, type Item } from "../values";
import {
  capacity,
  conditionOf,
  enumOf,
  placeholdersOf,
  projectionOf,
  refuseLegacy,
  response,
  tableOf,
  type Request,
} from "./common";

const PAGE_BYTES = 1024 * 1024;
const SELECT = ["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"] as const;

type RangeCondition = { op: "=" | "<" | "<=" | ">" | ">=" | "between" | "begins_with"; values: AttributeValue[] };

/** What Query and Scan share: which store, how to shape and filter items, where to stop. */
interface ReadPlan {
  table: Table;
  index: Index | undefined;
  filter: Condition | undefined;
  paths: Path[] | undefined;
  select: (typeof SELECT)[number];
  limit: number | undefined;
  start: Item | undefined;
  keyNames: string[];
}

function readPlan(req: Request, extraCondition?: string): ReadPlan & { keyCondition?: Condition } {
  const body = req.body;
  refuseLegacy(body, ["KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator"]);
  const table = tableOf(req);
  let index: Index | undefined;
  if (body.IndexName != null) {
    index = table.index(String(body.IndexName));
    if (!index) throw validation(`The table does not have the specified index: ${String(body.IndexName)}`);
    if (index.global && body.ConsistentRead === true)
      throw validation("Consistent reads are not supported on global secondary indexes");
  }
  const p = placeholdersOf(body);
  let keyCondition: Condition | undefined;
  if (extraCondition) {
    if (typeof body[extraCondition] !== "string") {
      throw validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
      );
    }
    keyCondition = parseCondition(body[extraCondition] as string, extraCondition, p);
  }
  const filter = conditionOf(body, p, "FilterExpression");
  const paths = projectionOf(body, p);
  p.checkAllUsed();
  const select = enumOf(
    body,
    "Select",
    SELECT,
    paths ? "SPECIFIC_ATTRIBUTES" : index ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES",
  );
  if (paths && select !== "SPECIFIC_ATTRIBUTES") {
    throw validation(`Cannot specify the ProjectionExpression when choosing to get ${select}`);
  }
  if (select === "ALL_PROJECTED_ATTRIBUTES" && !index)
    throw validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  if (select === "ALL_ATTRIBUTES" && index?.global && index.projection.ProjectionType !== "ALL") {
    throw validation(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
  let limit: number | undefined;
  if (body.Limit != null) {
    limit = Number(body.Limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw validation(
        `1 validation error detected: Value '${String(body.Limit)}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      );
    }
  }
  const keyNames = index ? index.keyNames : table.keyNames;
  let start: Item | undefined;
  if (body.ExclusiveStartKey != null) {
    start = parseItem(body.ExclusiveStartKey, "exclusiveStartKey");
    const names = Object.keys(start);
    const fits =
      names.length === keyNames.length && keyNames.every((n) => start?.[n] && typeOf(start[n]) === table.types[n]);
    if (!fits)
      throw validation("The provided starting key is invalid: The provided key element does not match the schema");
  }
  return { table, index, filter, paths, select, limit, start, keyNames, keyCondition };
}

/** Shape one item for the response: the index's projection, then the ProjectionExpression. */
function shape(plan: ReadPlan, item: Item): Item {
  let out = item;
  const projection = plan.index?.projection;
  if (projection && projection.ProjectionType !== "ALL" && plan.select !== "ALL_ATTRIBUTES") {
    const keep = [
      ...plan.keyNames,
      ...(projection.ProjectionType === "INCLUDE" ? (projection.NonKeyAttributes ?? []) : []),
    ];
    out = project(
      item,
      keep.map((k) => [k]),
    );
  }
  return plan.paths ? project(out, plan.paths) : out;
}

/** Walk items in order, counting what was evaluated (Limit and the 1 MB page count before the filter). */
class Page {
  readonly items: Item[] = [];
  scanned = 0;
  private bytes = 0;
  last: Item | undefined;
  full = false;

  constructor(private readonly plan: ReadPlan) {}

  take(item: Item): boolean {
    this.scanned++;
    this.bytes += itemSize(item);
    this.last = item;
    if (!this.plan.filter || evaluateCondition(item, this.plan.filter)) this.items.push(item);
    this.full = this.scanned === this.plan.limit || this.bytes >= PAGE_BYTES;
    return !this.full;
  }

  result(req: Request) {
    const plan = this.plan;
    const lastKey =
      this.full && this.last
        ? Object.fromEntries(plan.keyNames.map((n) => [n, this.last?.[n] as AttributeValue]))
        : undefined;
    return response({
      Items: plan.select === "COUNT" ? undefined : this.items.map((i) => shape(plan, i)),
      Count: this.items.length,
      ScannedCount: this.scanned,
      LastEvaluatedKey: lastKey,
      ConsumedCapacity: capacity(req.body, plan.table, this.items, true),
    });
  }
}

// ---- Query ----

function keyOperandPath(o: Operand): string | undefined {
  if (o.kind === "size") throw validation("KeyConditionExpressions cannot contain nested operations");
  if (o.kind !== "path") return undefined;
  if (o.path.length > 1) throw validation("KeyConditionExpressions cannot have conditions on nested attributes");
  return o.path[0] as string;
}

const FLIP = { "=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const;

/** KeyConditionExpression must be `hash = :v` optionally AND one range condition; anything else is refused. */
function keyConditions(c: Condition, out: Map<string, RangeCondition>): void {
  const bad = (m: string): never => {
    throw validation(m);
  };
  if (c.kind === "and") {
    keyConditions(c.left, out);
    keyConditions(c.right, out);
    return;
  }
  let name: string | undefined;
  let cond: RangeCondition;
  if (c.kind === "or" || c.kind === "not" || c.kind === "in" || (c.kind === "compare" && c.op === "<>")) {
    return bad(
      `Invalid operator used in KeyConditionExpression: ${c.kind === "compare" ? "<>" : c.kind.toUpperCase()}`,
    );
  }
  if (c.kind === "function") {
    if (c.name !== "begins_with") return bad(`Invalid operator used in KeyConditionExpression: ${c.name}`);
    name = keyOperandPath(c.args[0] as Operand);
    if (!name)
      return bad(
        "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
      );
    if (keyOperandPath(c.args[1] as Operand))
      return bad("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
    cond = { op: "begins_with", values: [(c.args[1] as { value: AttributeValue }).value] };
  } else if (c.kind === "between") {
    name = keyOperandPath(c.subject);
    if (!name)
      return bad(
        "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
      );
    if (keyOperandPath(c.low) || keyOperandPath(c.high))
      return bad("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
    cond = {
      op: "between",
      values: [(c.low as { value: AttributeValue }).value, (c.high as { value: AttributeValue }).value],
    };
  } else {
    if (c.kind !== "compare")
      return bad(`Invalid operator used in KeyConditionExpression: ${String((c as Condition).kind).toUpperCase()}`);
    const l = keyOperandPath(c.left);
    const r = keyOperandPath(c.right);
    if (l && r)
      return bad("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
    if (!l && !r) return bad("Invalid condition in KeyConditionExpression: No key attribute specified");
    name = (l ?? r) as string;
    const other = (l ? c.right : c.left) as { value: AttributeValue };
    cond = { op: l ? c.op : FLIP[c.op as keyof typeof FLIP], values: [other.value] } as RangeCondition;
  }
  if (out.has(name)) return bad("KeyConditionExpressions must only contain one condition per key");
  out.set(name, cond);
}

function rangeBounds(list: Item[], name: string, cond: RangeCondition | undefined): [number, number] {
  if (!cond) return [0, list.length];
  const cmp = (item: Item, v: AttributeValue) => compareValues(item[name] as AttributeValue, v) as number;
  const [a, b] = cond.values as [AttributeValue, AttributeValue];
  switch (cond.op) {
    case "=":
      return [firstIndex(list, (x) => cmp(x, a) >= 0), firstIndex(list, (x) => cmp(x, a) > 0)];
    case "<":
      return [0, firstIndex(list, (x) => cmp(x, a) >= 0)];
    case "<=":
      return [0, firstIndex(list, (x) => cmp(x, a) > 0)];
    case ">":
      return [firstIndex(list, (x) => cmp(x, a) > 0), list.length];
    case ">=":
      return [firstIndex(list, (x) => cmp(x, a) >= 0), list.length];
    case "between":
      return [firstIndex(list, (x) => cmp(x, a) >= 0), firstIndex(list, (x) => cmp(x, b) > 0)];
    case "begins_with": {
      const prefixed = (x: Item) => {
        const v = x[name] as AttributeValue;
        if ("S" in v && "S" in a) return v.S.startsWith(a.S);
        return Buffer.from((v as { B: string }).B, "base64")
          .subarray(0, Buffer.byteLength((a as { B: string }).B, "base64"))
          .equals(Buffer.from((a as { B: string }).B, "base64"));
      };
      return [firstIndex(list, (x) => cmp(x, a) >= 0), firstIndex(list, (x) => cmp(x, a) >= 0 && !prefixed(x))];
    }
  }
}

export function query(req: Request) {
  const plan = readPlan(req, "KeyConditionExpression");
  const { table, index } = plan;
  const hash = index ? index.hash : table.hash;
  const range = index ? index.range : table.range;
  const conds = new Map<string, RangeCondition>();
  keyConditions(plan.keyCondition as Condition, conds);
  const hashCond = conds.get(hash);
  if (!hashCond) throw validation(`Query condition missed key schema element: ${hash}`);
  const rangeCond = range ? conds.get(range) : undefined;
  if (hashCond.op !== "=" || conds.size > (rangeCond ? 2 : 1)) throw validation("Query key condition not supported");
  for (const [name, c] of conds) {
    if (c.values.some((v) => typeOf(v) !== table.types[name])) {
      throw validation(
        "One or more parameter values were invalid: Condition parameter type does not match schema type",
      );
    }
    if (c.op === "begins_with" && table.types[name] === "N")
      throw validation(
        `Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N`,
      );
  }
  const store = index ? index.store : table.store;
  const list = store.partitionOf(hashCond.values[0] as AttributeValue) ?? [];
  let [lo, hi] = rangeBounds(list, range as string, rangeCond);
  const forward = req.body.ScanIndexForward !== false;
  const start = plan.start;
  if (start) {
    if (!valuesEqual(start[hash] as AttributeValue, hashCond.values[0] as AttributeValue)) {
      throw validation("The provided starting key is outside query boundaries based on provided conditions");
    }
    if (forward)
      lo = Math.max(
        lo,
        firstIndex(list, (x) => store.order(x, start) > 0),
      );
    else
      hi = Math.min(
        hi,
        firstIndex(list, (x) => store.order(x, start) >= 0),
      );
  }
  const page = new Page(plan);
  if (forward) {
    for (let i = lo; i < hi; i++) if (!page.take(list[i] as Item)) break;
  } else {
    for (let i = hi - 1; i >= lo; i--) if (!page.take(list[i] as Item)) break;
  }
  return page.result(req);
}

// ---- Scan ----

export function scan(req: Request) {
  const plan = readPlan(req);
  const body = req.body;
  const { table, index } = plan;
  let segment = 0;
  let total = 1;
  if (body.Segment != null || body.TotalSegments != null) {
    if (body.Segment == null || body.TotalSegments == null) {
      throw validation(
        `The ${body.Segment == null ? "Segment" : "TotalSegments"} parameter is required but was not present in the request when parameter ${body.Segment == null ? "TotalSegments" : "Segment"} is present`,
      );
    }
    segment = Number(body.Segment);
    total = Number(body.TotalSegments);
    if (!(total >= 1 && total <= 1000000))
      throw validation(
        "1 validation error detected: Value at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000",
      );
    if (!(segment >= 0 && segment < total))
      throw validation(
        `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is out of bounds for TotalSegments: ${total}`,
      );
  }
  const store = index ? index.store : table.store;
  // Segments split the hash space of the table's partition key, for a global index too (key-order.ts):
  // there an index partition holds items of every segment, so each item is tested.
  const bySegmentOfItem = total > 1 && index?.global === true;
  const parts = bySegmentOfItem ? store.scanPartitions() : store.scanPartitions(segment, total);
  const inSegment = (item: Item) =>
    !bySegmentOfItem || segmentOf(partitionHash(item[table.hash] as AttributeValue), total) === segment;
  const start = plan.start;
  let p = start ? store.scanPosition(parts, start[store.hash] as AttributeValue) : 0;
  const page = new Page(plan);
  outer: for (; p < parts.length; p++) {
    const part = parts[p] as { key: string; hash: AttributeValue };
    const list = store.partitions.get(part.key) as Item[];
    let i = 0;
    if (start && valuesEqual(part.hash, start[store.hash] as AttributeValue))
      i = firstIndex(list, (x) => store.order(x, start) > 0);
    for (; i < list.length; i++) if (inSegment(list[i] as Item) && !page.take(list[i] as Item)) break outer;
  }
  return page.result(req);
}
