import { validation } from "../errors";
import { addNumbers, getOwn, setOwn, typeOf, type AttributeValue, type Item } from "../values";
import type { Path, SetValue, UpdateActions } from "./ast";
import { resolvePath } from "./evaluate";

const INVALID_PATH = "The document path provided in the update expression is invalid for update";
const WRONG_TYPE = "An operand in the update expression has an incorrect data type";

export function cloneValue(value: AttributeValue): AttributeValue {
  if ("L" in value) return { L: value.L.map(cloneValue) };
  if ("M" in value) {
    const out: Record<string, AttributeValue> = {};
    for (const k of Object.keys(value.M)) setOwn(out, k, cloneValue(value.M[k] as AttributeValue));
    return { M: out };
  }
  if ("SS" in value) return { SS: [...value.SS] };
  if ("NS" in value) return { NS: [...value.NS] };
  if ("BS" in value) return { BS: [...value.BS] };
  return value;
}

/** Key attributes are fixed for the life of an item; DynamoDB refuses any action on one. */
export function checkNotKey(actions: UpdateActions, keyNames: readonly string[]): void {
  const paths = [
    ...actions.set.map((s) => s.path),
    ...actions.remove,
    ...actions.add.map((a) => a.path),
    ...actions.delete.map((d) => d.path),
  ];
  for (const path of paths) {
    const head = path[0] as string;
    if (keyNames.includes(head)) {
      throw validation(
        `One or more parameter values were invalid: Cannot update attribute ${head}. This attribute is part of the key`,
      );
    }
  }
}

function evaluateSet(item: Item, v: SetValue): AttributeValue {
  switch (v.kind) {
    case "value":
      return v.value;
    case "path": {
      const found = resolvePath(item, v.path);
      if (!found) throw validation("The provided expression refers to an attribute that does not exist in the item");
      return found;
    }
    case "if_not_exists":
      return resolvePath(item, v.path) ?? evaluateSet(item, v.fallback);
    case "list_append": {
      const a = evaluateSet(item, v.left);
      const b = evaluateSet(item, v.right);
      if (!("L" in a) || !("L" in b)) throw validation(WRONG_TYPE);
      return { L: [...a.L, ...b.L] };
    }
    case "arith": {
      const a = evaluateSet(item, v.left);
      const b = evaluateSet(item, v.right);
      if (!("N" in a) || !("N" in b)) throw validation(WRONG_TYPE);
      return { N: addNumbers(a.N, b.N, v.op === "-") };
    }
  }
}

/** The container that holds the last step of `path`, in the (already cloned) new item. */
function parentOf(item: Item, path: Path): Record<string, AttributeValue> | AttributeValue[] | undefined {
  if (path.length === 1) return item;
  const parent = resolvePath(item, path.slice(0, -1));
  if (!parent) return undefined;
  const last = path[path.length - 1];
  if (typeof last === "number") return "L" in parent ? parent.L : undefined;
  return "M" in parent ? parent.M : undefined;
}

function write(item: Item, path: Path, value: AttributeValue): void {
  const parent = parentOf(item, path);
  if (!parent) throw validation(INVALID_PATH);
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) {
    if (typeof last !== "number") throw validation(INVALID_PATH);
    if (last >= parent.length) parent.push(value);
    else parent[last] = value;
  } else {
    if (typeof last !== "string") throw validation(INVALID_PATH);
    setOwn(parent, last, value);
  }
}

function setUnion(current: AttributeValue, add: AttributeValue): AttributeValue {
  const type = typeOf(current);
  if (type !== typeOf(add)) throw validation(WRONG_TYPE);
  const members = [...((current as Record<string, string[]>)[type] as string[])];
  for (const m of (add as Record<string, string[]>)[type] as string[]) if (!members.includes(m)) members.push(m);
  return { [type]: members } as AttributeValue;
}

/**
 * Apply a parsed UpdateExpression. All operands are read from the item as it was before the update
 * (so `SET a = b, b = a` swaps), then the actions write into a deep copy.
 */
export function applyUpdate(original: Item, actions: UpdateActions): Item {
  const sets = actions.set.map((s) => ({ path: s.path, value: evaluateSet(original, s.value) }));
  const item: Item = {};
  for (const k of Object.keys(original)) setOwn(item, k, cloneValue(original[k] as AttributeValue));

  for (const s of sets) write(item, s.path, cloneValue(s.value));

  // List elements named by REMOVE are positions in the original list: remove from the highest down.
  const removals = [...actions.remove].sort((a, b) => {
    const x = a[a.length - 1];
    const y = b[b.length - 1];
    return typeof x === "number" && typeof y === "number" ? y - x : 0;
  });
  for (const path of removals) {
    const parent = parentOf(item, path);
    const last = path[path.length - 1] as string | number;
    if (!parent) continue;
    if (Array.isArray(parent)) {
      if (typeof last === "number" && last < parent.length) parent.splice(last, 1);
    } else if (typeof last === "string" && getOwn(parent, last)) delete parent[last];
  }

  for (const a of actions.add) {
    const current = resolvePath(item, a.path);
    if (!current) write(item, a.path, cloneValue(a.value));
    else if ("N" in current) {
      if (!("N" in a.value)) throw validation(WRONG_TYPE);
      write(item, a.path, { N: addNumbers(current.N, a.value.N) });
    } else if ("SS" in current || "NS" in current || "BS" in current) write(item, a.path, setUnion(current, a.value));
    else throw validation(WRONG_TYPE);
  }

  for (const d of actions.delete) {
    const current = resolvePath(item, d.path);
    if (!current) continue;
    const type = typeOf(current);
    if (type !== typeOf(d.value)) throw validation(WRONG_TYPE);
    const drop = (d.value as Record<string, string[]>)[type] as string[];
    const left = ((current as Record<string, string[]>)[type] as string[]).filter((m) => !drop.includes(m));
    if (left.length) write(item, d.path, { [type]: left } as AttributeValue);
    else {
      const parent = parentOf(item, d.path) as Record<string, AttributeValue> | AttributeValue[];
      const last = d.path[d.path.length - 1] as string | number;
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last as string];
    }
  }
  return item;
}

/** Paths an update touched, for ReturnValues UPDATED_OLD / UPDATED_NEW. */
export function updatedPaths(actions: UpdateActions): Path[] {
  return [
    ...actions.set.map((s) => s.path),
    ...actions.remove,
    ...actions.add.map((a) => a.path),
    ...actions.delete.map((d) => d.path),
  ];
}
