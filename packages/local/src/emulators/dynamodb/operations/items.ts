import { conditionFailed, validation } from "../errors";
import { project } from "../expressions/evaluate";
import { parseItem, type Item } from "../values";
import {
  capacity,
  enumOf,
  placeholdersOf,
  projectionOf,
  refuseLegacy,
  response,
  tableOf,
  type Request,
} from "./common";
import { commit, planDelete, planPut, planUpdate, returnedAttributes, type WritePlan } from "./write-plan";

const RETURN_VALUES = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"] as const;

function finish(req: Request, plan: WritePlan, allowed: readonly string[]) {
  const body = req.body;
  const mode = enumOf(body, "ReturnValues", RETURN_VALUES, "NONE");
  if (!allowed.includes(mode)) throw validation("Return values set to invalid value");
  const onFailure = enumOf(body, "ReturnValuesOnConditionCheckFailure", ["NONE", "ALL_OLD"] as const, "NONE");
  if (!plan.passed) throw conditionFailed(onFailure === "ALL_OLD" ? plan.old : undefined);
  commit(plan);
  return response({
    Attributes: returnedAttributes(plan, mode),
    ConsumedCapacity: capacity(body, plan.table, [plan.old, plan.next ?? undefined], false),
  });
}

export function putItem(req: Request) {
  return finish(req, planPut(req, req.body), ["NONE", "ALL_OLD"]);
}

export function deleteItem(req: Request) {
  return finish(req, planDelete(req, req.body), ["NONE", "ALL_OLD"]);
}

export function updateItem(req: Request) {
  return finish(req, planUpdate(req, req.body), RETURN_VALUES);
}

/** One key's read with its projection: shared by GetItem, BatchGetItem and TransactGetItems. */
export function readItem(req: Request, body: Record<string, unknown>, key: unknown): Item | undefined {
  const table = tableOf(req, body);
  const k = parseItem(key, "key");
  table.checkKey(k);
  const p = placeholdersOf(body);
  const paths = projectionOf(body, p);
  p.checkAllUsed();
  const item = table.get(k);
  return item && paths ? project(item, paths) : item;
}

export function getItem(req: Request) {
  refuseLegacy(req.body, []);
  const item = readItem(req, req.body, req.body.Key);
  return response({ Item: item, ConsumedCapacity: capacity(req.body, tableOf(req), [item], true) });
}

function requestItems(body: Record<string, unknown>): Record<string, unknown> {
  const r = body.RequestItems;
  if (!r || typeof r !== "object" || !Object.keys(r).length) {
    throw validation(
      "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  return r as Record<string, unknown>;
}

export function batchGetItem(req: Request) {
  const tables = requestItems(req.body);
  const responses: Record<string, Item[]> = {};
  let total = 0;
  for (const [name, spec] of Object.entries(tables)) {
    const s: Record<string, unknown> = { ...(spec as Record<string, unknown>), TableName: name };
    const keys = (s.Keys as unknown[]) ?? [];
    total += keys.length;
    if (total > 100) throw validation("Too many items requested for the BatchGetItem call");
    const table = tableOf(req, s);
    const seen = new Set<string>();
    const found: Item[] = [];
    for (const key of keys) {
      const k = parseItem(key, "key");
      table.checkKey(k);
      const ks = table.keyString(k);
      if (seen.has(ks)) throw validation("Provided list of item keys contains duplicates");
      seen.add(ks);
      const item = readItem(req, s, key);
      if (item) found.push(item);
    }
    responses[name] = found;
  }
  return { Responses: responses, UnprocessedKeys: {} };
}

export function batchWriteItem(req: Request) {
  const tables = requestItems(req.body);
  const plans: WritePlan[] = [];
  const seen = new Set<string>();
  for (const [name, writes] of Object.entries(tables)) {
    if (!Array.isArray(writes) || !writes.length)
      throw validation(
        "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    for (const w of writes as Record<string, Record<string, unknown>>[]) {
      const put = w.PutRequest;
      const del = w.DeleteRequest;
      if (!!put === !!del)
        throw validation(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
        );
      const plan = put
        ? planPut(req, { TableName: name, Item: put.Item })
        : planDelete(req, { TableName: name, Key: del?.Key });
      const ks = `${name}\u0000${plan.table.keyString(plan.key)}`;
      if (seen.has(ks)) throw validation("Provided list of item keys contains duplicates");
      seen.add(ks);
      plans.push(plan);
    }
  }
  if (plans.length > 25) throw validation("Too many items requested for the BatchWriteItem call");
  for (const plan of plans) commit(plan);
  return { UnprocessedItems: {} };
}
