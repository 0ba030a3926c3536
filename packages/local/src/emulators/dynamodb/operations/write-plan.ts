import { validation } from "../errors";
import type { Path, UpdateActions } from "../expressions/ast";
import { evaluateCondition, project } from "../expressions/evaluate";
import { parseUpdate } from "../expressions/parser";
import { applyUpdate, checkNotKey, updatedPaths } from "../expressions/update";
import type { Table } from "../table";
import { checkItemSize, itemSize, MAX_ITEM_BYTES, parseItem, type Item } from "../values";
import { conditionOf, placeholdersOf, refuseLegacy, type Request, tableOf } from "./common";

/**
 * One write worked out but not applied: the condition's verdict and the item that would result.
 * PutItem/UpdateItem/DeleteItem apply one plan; TransactWriteItems applies all or none.
 */
export interface WritePlan {
  table: Table;
  key: Item;
  old: Item | undefined;
  /** The item after the write; undefined = deleted; `null` = no change (ConditionCheck). */
  next: Item | null | undefined;
  passed: boolean;
  updated?: Path[];
}

const LEGACY = ["Expected", "ConditionalOperator", "AttributeUpdates"];

function passes(body: Record<string, unknown>, req: Request, old: Item | undefined, p = placeholdersOf(body)): boolean {
  const condition = conditionOf(body, p);
  p.checkAllUsed();
  return condition ? evaluateCondition(old ?? {}, condition) : true;
}

export function planPut(req: Request, body: Record<string, unknown>): WritePlan {
  refuseLegacy(body, LEGACY);
  const table = tableOf(req, body);
  const item = parseItem(body.Item);
  table.checkItem(item);
  checkItemSize(item);
  const key = table.keyOf(item);
  const old = table.get(key);
  return { table, key, old, next: item, passed: passes(body, req, old) };
}

/** The table, the validated `Key` and the item it names now. */
function target(req: Request, body: Record<string, unknown>) {
  const table = tableOf(req, body);
  const key = parseItem(body.Key, "key");
  table.checkKey(key);
  return { table, key, old: table.get(key) };
}

export function planDelete(req: Request, body: Record<string, unknown>): WritePlan {
  refuseLegacy(body, LEGACY);
  const t = target(req, body);
  return { ...t, next: undefined, passed: passes(body, req, t.old) };
}

export function planConditionCheck(req: Request, body: Record<string, unknown>): WritePlan {
  if (typeof body.ConditionExpression !== "string") {
    throw validation(
      "1 validation error detected: Value null at 'conditionExpression' failed to satisfy constraint: Member must not be null",
    );
  }
  const t = target(req, body);
  return { ...t, next: null, passed: passes(body, req, t.old) };
}

/** UpdateItem: the condition is checked against the current item before the update is computed. */
export function planUpdate(req: Request, body: Record<string, unknown>): WritePlan {
  refuseLegacy(body, LEGACY);
  const { table, key, old } = target(req, body);
  const p = placeholdersOf(body);
  let actions: UpdateActions | undefined;
  if (typeof body.UpdateExpression === "string") {
    actions = parseUpdate(body.UpdateExpression, p);
    checkNotKey(actions, table.keyNames);
  }
  const passed = passes(body, req, old, p);
  if (!passed) return { table, key, old, next: old, passed };
  const base = old ?? key;
  const next = actions ? applyUpdate(base, actions) : base;
  table.checkItem(next);
  if (itemSize(next) > MAX_ITEM_BYTES) throw validation("Item size to update has exceeded the maximum allowed size");
  return { table, key, old, next, passed, updated: actions ? updatedPaths(actions) : [] };
}

/** Make a passed plan real. */
export function commit(plan: WritePlan): void {
  if (plan.next === null) return;
  if (plan.next === undefined) plan.table.delete(plan.key);
  else plan.table.put(plan.next);
}

/** The `Attributes` of a write's response for its ReturnValues mode. */
export function returnedAttributes(plan: WritePlan, mode: string): Item | undefined {
  let out: Item | undefined;
  if (mode === "ALL_OLD") out = plan.old;
  else if (mode === "ALL_NEW") out = plan.next ?? undefined;
  else if (mode === "UPDATED_OLD") out = plan.old && project(plan.old, plan.updated ?? []);
  else if (mode === "UPDATED_NEW") out = plan.next ? project(plan.next, plan.updated ?? []) : undefined;
  return out && Object.keys(out).length ? out : undefined;
}
