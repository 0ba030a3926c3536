import type { AttributeValue } from "../values";

/** A document path with placeholders already resolved: names are map keys, numbers list indexes. */
export type Path = (string | number)[];

export type Operand =
  | { kind: "path"; path: Path }
  | { kind: "value"; value: AttributeValue }
  | { kind: "size"; path: Path };

export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";
export type FunctionName = "attribute_exists" | "attribute_not_exists" | "attribute_type" | "begins_with" | "contains";

export type Condition =
  | { kind: "compare"; op: Comparator; left: Operand; right: Operand }
  | { kind: "between"; subject: Operand; low: Operand; high: Operand }
  | { kind: "in"; subject: Operand; options: Operand[] }
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "function"; name: FunctionName; args: Operand[] };

export type SetValue =
  | { kind: "path"; path: Path }
  | { kind: "value"; value: AttributeValue }
  | { kind: "if_not_exists"; path: Path; fallback: SetValue }
  | { kind: "list_append"; left: SetValue; right: SetValue }
  | { kind: "arith"; op: "+" | "-"; left: SetValue; right: SetValue };

export interface UpdateActions {
  set: { path: Path; value: SetValue }[];
  remove: Path[];
  add: { path: Path; value: AttributeValue }[];
  delete: { path: Path; value: AttributeValue }[];
}

export function pathToString(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
}
