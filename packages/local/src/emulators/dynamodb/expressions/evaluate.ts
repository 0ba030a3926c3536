import { compareValues, getOwn, setOwn, typeOf, valuesEqual, type AttributeValue, type Item } from "../values";
import type { Condition, Operand, Path } from "./ast";

export function resolvePath(item: Item, path: Path): AttributeValue | undefined {
  let current = getOwn(item, path[0] as string);
  for (let i = 1; i < path.length && current; i++) {
    const step = path[i] as string | number;
    if (typeof step === "number") current = "L" in current ? current.L[step] : undefined;
    else current = "M" in current ? getOwn(current.M, step) : undefined;
  }
  return current;
}

function sizeOf(value: AttributeValue): number | undefined {
  if ("S" in value) return value.S.length;
  if ("B" in value) return Buffer.byteLength(value.B, "base64");
  if ("SS" in value) return value.SS.length;
  if ("NS" in value) return value.NS.length;
  if ("BS" in value) return value.BS.length;
  if ("L" in value) return value.L.length;
  if ("M" in value) return Object.keys(value.M).length;
  return undefined;
}

export function evaluateOperand(item: Item, operand: Operand): AttributeValue | undefined {
  if (operand.kind === "value") return operand.value;
  const value = resolvePath(item, operand.path);
  if (operand.kind === "path" || !value) return value;
  const size = sizeOf(value);
  return size === undefined ? undefined : { N: String(size) };
}

function order(a: AttributeValue | undefined, b: AttributeValue | undefined): number | undefined {
  return a && b ? compareValues(a, b) : undefined;
}

function beginsWith(a: AttributeValue, b: AttributeValue): boolean {
  if ("S" in a && "S" in b) return a.S.startsWith(b.S);
  if ("B" in a && "B" in b) {
    const x = Buffer.from(a.B, "base64");
    const y = Buffer.from(b.B, "base64");
    return x.length >= y.length && x.subarray(0, y.length).equals(y);
  }
  return false;
}

function contains(a: AttributeValue, b: AttributeValue): boolean {
  if ("S" in a) return "S" in b && a.S.includes(b.S);
  if ("B" in a) return "B" in b && Buffer.from(a.B, "base64").includes(Buffer.from(b.B, "base64"));
  if ("SS" in a) return "S" in b && a.SS.includes(b.S);
  if ("NS" in a) return "N" in b && a.NS.includes(b.N);
  if ("BS" in a) return "B" in b && a.BS.includes(b.B);
  if ("L" in a) return a.L.some((e) => valuesEqual(e, b));
  return false;
}

/** DynamoDB semantics: a comparison with a missing operand or mismatched types is simply false. */
export function evaluateCondition(item: Item, c: Condition): boolean {
  switch (c.kind) {
    case "and":
      return evaluateCondition(item, c.left) && evaluateCondition(item, c.right);
    case "or":
      return evaluateCondition(item, c.left) || evaluateCondition(item, c.right);
    case "not":
      return !evaluateCondition(item, c.operand);
    case "compare": {
      const l = evaluateOperand(item, c.left);
      const r = evaluateOperand(item, c.right);
      if (c.op === "=") return !!l && !!r && valuesEqual(l, r);
      if (c.op === "<>") return (!!l || !!r) && !(l && r && valuesEqual(l, r));
      const o = order(l, r);
      if (o === undefined) return false;
      return c.op === "<" ? o < 0 : c.op === "<=" ? o <= 0 : c.op === ">" ? o > 0 : o >= 0;
    }
    case "between": {
      const s = evaluateOperand(item, c.subject);
      const lo = order(s, evaluateOperand(item, c.low));
      const hi = order(s, evaluateOperand(item, c.high));
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case "in": {
      const s = evaluateOperand(item, c.subject);
      return (
        !!s &&
        c.options.some((o) => {
          const v = evaluateOperand(item, o);
          return !!v && valuesEqual(s, v);
        })
      );
    }
    case "function": {
      const a = evaluateOperand(item, c.args[0] as Operand);
      if (c.name === "attribute_exists") return a !== undefined;
      if (c.name === "attribute_not_exists") return a === undefined;
      const b = evaluateOperand(item, c.args[1] as Operand);
      if (!a || !b) return false;
      if (c.name === "attribute_type") return "S" in b && typeOf(a) === b.S;
      if (c.name === "begins_with") return beginsWith(a, b);
      return contains(a, b);
    }
  }
}

// ---- projections ----

type Sparse = { M: Record<string, Sparse | AttributeValue> } | { L: (Sparse | AttributeValue)[] };

function compact(value: AttributeValue): AttributeValue {
  if ("L" in value) return { L: value.L.filter(() => true).map(compact) };
  if ("M" in value) {
    const out: Record<string, AttributeValue> = {};
    for (const k of Object.keys(value.M)) setOwn(out, k, compact(value.M[k] as AttributeValue));
    return { M: out };
  }
  return value;
}

/** The parts of an item named by the paths, nested as in the item; list elements keep their order. */
export function project(item: Item, paths: Path[]): Item {
  const out: Record<string, AttributeValue> = {};
  let nested = false;
  for (const path of paths) {
    const value = resolvePath(item, path);
    if (!value) continue;
    const head = path[0] as string;
    if (path.length === 1) {
      setOwn(out, head, value);
      continue;
    }
    nested = true;
    let source = getOwn(item, head) as AttributeValue;
    let existing = getOwn(out, head);
    if (!existing) {
      existing = ("M" in source ? { M: {} } : { L: [] }) as AttributeValue;
      setOwn(out, head, existing);
    }
    let target = existing as Sparse;
    for (let i = 1; i < path.length; i++) {
      const step = path[i] as string | number;
      const last = i === path.length - 1;
      const child = (
        typeof step === "number"
          ? (source as { L: AttributeValue[] }).L[step]
          : getOwn((source as { M: Record<string, AttributeValue> }).M, step)
      ) as AttributeValue;
      const container = "M" in target ? target.M : target.L;
      let slot = (container as Record<string | number, Sparse | AttributeValue>)[step];
      if (last) slot = child;
      else if (!slot) slot = ("M" in child ? { M: {} } : { L: [] }) as Sparse;
      if (typeof step === "number") (container as (Sparse | AttributeValue)[])[step] = slot;
      else setOwn(container as Record<string, Sparse | AttributeValue>, step, slot);
      source = child;
      target = slot as Sparse;
    }
  }
  if (!nested) return out;
  for (const k of Object.keys(out)) setOwn(out, k, compact(out[k] as AttributeValue));
  return out;
}
