import { validation } from "./errors";

/** A DynamoDB AttributeValue exactly as the JSON wire protocol carries it. */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

export type Item = Record<string, AttributeValue>;
export type ValueType = "S" | "N" | "B" | "BOOL" | "NULL" | "L" | "M" | "SS" | "NS" | "BS";

const hasOwn = Object.prototype.hasOwnProperty;

/** Own properties only: an attribute called "constructor" must not find Object's. */
export function getOwn<T>(record: Record<string, T>, key: string): T | undefined {
  return hasOwn.call(record, key) ? record[key] : undefined;
}

/** Assign even "__proto__" as a plain property (plain assignment would change the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__")
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

const TYPES = new Set<string>(["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"]);

export function typeOf(value: AttributeValue): ValueType {
  for (const key in value) return key as ValueType;
  throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
}

/** The scalar inside S, N or B (key attributes are always one of those). */
export function scalar(value: AttributeValue): string {
  const v = value as { S?: string; N?: string; B?: string };
  return (v.S ?? v.N ?? v.B) as string;
}

// ---- numbers: exact decimals kept as canonical strings, as DynamoDB returns them ("1.50" -> "1.5") ----

export interface Decimal {
  neg: boolean;
  /** Significant digits without leading or trailing zeros; "" for zero. */
  digits: string;
  /** value = digits * 10^exp */
  exp: number;
}

const NUMBER = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text);
  if (!m || (!m[2] && !m[3])) return undefined;
  const intPart = m[2] ?? "";
  const fracPart = m[3] ?? "";
  let digits = intPart + fracPart;
  let exp = (m[4] ? Number(m[4]) : 0) - fracPart.length;
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) start++;
  let end = digits.length;
  while (end > start && digits.charCodeAt(end - 1) === 48) end--;
  exp += digits.length - end;
  digits = digits.slice(start, end);
  return { neg: m[1] === "-" && digits !== "", digits, exp: digits ? exp : 0 };
}

function formatDecimal(d: Decimal): string {
  if (!d.digits) return "0";
  let out: string;
  if (d.exp >= 0) out = d.digits + "0".repeat(d.exp);
  else {
    const point = d.digits.length + d.exp;
    out = point > 0 ? `${d.digits.slice(0, point)}.${d.digits.slice(point)}` : `0.${"0".repeat(-point)}${d.digits}`;
  }
  return d.neg ? `-${out}` : out;
}

function checkRange(d: Decimal): void {
  if (!d.digits) return;
  if (d.digits.length > 38) throw validation("DynamoDB only supports precision up to 38 digits");
  const magnitude = d.digits.length - 1 + d.exp;
  if (magnitude > 125)
    throw validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
  if (magnitude < -130)
    throw validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
}

/** Validate a number as DynamoDB does and return its canonical form ("01.50" -> "1.5", "-0" -> "0", "1e2" -> "100"). */
export function normaliseNumber(text: string): string {
  const d = parseDecimal(text);
  if (!d) throw validation("A value provided cannot be converted into a number");
  checkRange(d);
  return formatDecimal(d);
}

export function compareNumbers(a: string, b: string): number {
  if (a === b) return 0;
  // Up to 15 significant digits a double is exact and order-preserving; canonical strings that short qualify.
  if (a.length <= 15 && b.length <= 15) return Number(a) - Number(b) < 0 ? -1 : 1;
  const x = parseDecimal(a) as Decimal;
  const y = parseDecimal(b) as Decimal;
  if (x.neg !== y.neg) return x.neg ? -1 : 1;
  const sign = x.neg ? -1 : 1;
  if (!x.digits || !y.digits) return x.digits ? sign : y.digits ? -sign : 0;
  const mx = x.digits.length + x.exp;
  const my = y.digits.length + y.exp;
  if (mx !== my) return mx < my ? -sign : sign;
  const len = Math.max(x.digits.length, y.digits.length);
  const dx = x.digits.padEnd(len, "0");
  const dy = y.digits.padEnd(len, "0");
  return dx === dy ? 0 : dx < dy ? -sign : sign;
}

/** Exact decimal a + b (or a - b), for SET +/- and ADD. */
export function addNumbers(a: string, b: string, subtract = false): string {
  const x = parseDecimal(a) as Decimal;
  const y = parseDecimal(b) as Decimal;
  const exp = Math.min(x.exp, y.exp);
  const bx = BigInt(x.digits || "0") * 10n ** BigInt(x.exp - exp) * (x.neg ? -1n : 1n);
  let by = BigInt(y.digits || "0") * 10n ** BigInt(y.exp - exp) * (y.neg ? -1n : 1n);
  if (subtract) by = -by;
  const sum = bx + by;
  const neg = sum < 0n;
  const raw = (neg ? -sum : sum).toString();
  const d = parseDecimal(raw) as Decimal;
  const result = { neg: neg && d.digits !== "", digits: d.digits, exp: d.digits ? d.exp + exp : 0 };
  checkRange(result);
  return formatDecimal(result);
}

// ---- strings and binaries: DynamoDB orders by UTF-8 bytes, JS by UTF-16 units ----

/** UTF-8 byte order without encoding: only units from U+D800 up differ from UTF-16 order. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 || y >= 0xd800) {
      // Surrogates encode code points above U+FFFF, which sort after U+E000..U+FFFF in UTF-8.
      x = x >= 0xe000 ? x - 0x800 : x >= 0xd800 ? x + 0x2000 : x;
      y = y >= 0xe000 ? y - 0x800 : y >= 0xd800 ? y + 0x2000 : y;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

export function compareBinary(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, "base64"), Buffer.from(b, "base64"));
}

/** Order of two S, N or B values of the same type; undefined when they cannot be ordered. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if ("S" in a && "S" in b) return compareStrings(a.S, b.S);
  if ("N" in a && "N" in b) return compareNumbers(a.N, b.N);
  if ("B" in a && "B" in b) return compareBinary(a.B, b.B);
  return undefined;
}

// ---- equality and size ----

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  const x = (a as Record<string, unknown>)[ta];
  const y = (b as Record<string, unknown>)[ta];
  switch (ta) {
    case "L": {
      const l1 = x as AttributeValue[];
      const l2 = y as AttributeValue[];
      return l1.length === l2.length && l1.every((v, i) => valuesEqual(v, l2[i] as AttributeValue));
    }
    case "M": {
      const m1 = x as Record<string, AttributeValue>;
      const m2 = y as Record<string, AttributeValue>;
      const keys = Object.keys(m1);
      return (
        keys.length === Object.keys(m2).length &&
        keys.every((k) => k in m2 && valuesEqual(m1[k] as AttributeValue, m2[k] as AttributeValue))
      );
    }
    case "SS":
    case "NS":
    case "BS": {
      const s1 = x as string[];
      const s2 = new Set(y as string[]);
      return s1.length === s2.size && s1.every((v) => s2.has(v));
    }
    default:
      return x === y;
  }
}

function numberSize(n: string): number {
  const d = parseDecimal(n) as Decimal;
  return Math.ceil(d.digits.length / 2) + 1;
}

function binarySize(b: string): number {
  return Buffer.byteLength(b, "base64");
}

/** Bytes DynamoDB counts for a value (its documented item-size rules). */
export function valueSize(value: AttributeValue): number {
  if ("S" in value) return Buffer.byteLength(value.S, "utf8");
  if ("N" in value) return numberSize(value.N);
  if ("B" in value) return binarySize(value.B);
  if ("BOOL" in value || "NULL" in value) return 1;
  if ("SS" in value) return value.SS.reduce((n, s) => n + Buffer.byteLength(s, "utf8"), 0);
  if ("NS" in value) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if ("BS" in value) return value.BS.reduce((n, s) => n + binarySize(s), 0);
  if ("L" in value) return value.L.reduce((n, v) => n + 1 + valueSize(v), 3);
  if ("M" in value) {
    let n = 3;
    for (const k in value.M) n += 1 + Buffer.byteLength(k, "utf8") + valueSize(value.M[k] as AttributeValue);
    return n;
  }
  return 0;
}

// Stored items are never mutated (an update builds a new object), so a size, once counted, holds.
const sizes = new WeakMap<Item, number>();

export function itemSize(item: Item): number {
  let n = sizes.get(item);
  if (n !== undefined) return n;
  n = 0;
  for (const k in item) n += Buffer.byteLength(k, "utf8") + valueSize(item[k] as AttributeValue);
  sizes.set(item, n);
  return n;
}

export const MAX_ITEM_BYTES = 400 * 1024;

export function checkItemSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_BYTES) throw validation("Item size has exceeded the maximum allowed size");
}

// ---- validation of incoming values (returns the canonical copy: numbers normalised) ----

const SET_NAMES: Record<string, string> = { SS: "string", NS: "number", BS: "binary" };

function invalidBase64(b: unknown): boolean {
  return typeof b !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(b);
}

/** Check one AttributeValue from a request and return it with numbers (also in sets) in canonical form. */
export function parseValue(raw: unknown): AttributeValue {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  const keys = Object.keys(raw).filter(
    (k) => (raw as Record<string, unknown>)[k] !== undefined && (raw as Record<string, unknown>)[k] !== null,
  );
  if (keys.length === 0)
    throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  if (keys.length > 1) {
    throw validation(
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    );
  }
  const type = keys[0] as string;
  if (!TYPES.has(type))
    throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  const v = (raw as Record<string, unknown>)[type];
  switch (type) {
    case "S":
      if (typeof v !== "string") throw serialization("S");
      return { S: v };
    case "N":
      if (typeof v !== "string") throw serialization("N");
      return { N: normaliseNumber(v) };
    case "B":
      if (invalidBase64(v)) throw serialization("B");
      return { B: v as string };
    case "BOOL":
      if (typeof v !== "boolean") throw serialization("BOOL");
      return { BOOL: v };
    case "NULL":
      if (v !== true)
        throw validation(
          "One or more parameter values were invalid: Null attribute value types must have the value of true",
        );
      return { NULL: true };
    case "L":
      if (!Array.isArray(v)) throw serialization("L");
      return { L: v.map(parseValue) };
    case "M": {
      if (typeof v !== "object" || Array.isArray(v)) throw serialization("M");
      const out: Record<string, AttributeValue> = {};
      for (const k of Object.keys(v as object)) setOwn(out, k, parseValue((v as Record<string, unknown>)[k]));
      return { M: out };
    }
    default: {
      if (!Array.isArray(v) || v.some((e) => typeof e !== "string")) throw serialization(type);
      if (v.length === 0)
        throw validation(`One or more parameter values were invalid: An ${SET_NAMES[type]} set  may not be empty`);
      if (type === "BS" && v.some(invalidBase64)) throw serialization("BS");
      const members = type === "NS" ? (v as string[]).map(normaliseNumber) : (v as string[]);
      if (new Set(members).size !== members.length) {
        throw validation(
          `One or more parameter values were invalid: Input collection [${(v as string[]).join(", ")}] contains duplicates.`,
        );
      }
      return { [type]: members } as AttributeValue;
    }
  }
}

export function parseItem(raw: unknown, what = "Item"): Item {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw validation(
      `1 validation error detected: Value null at '${what}' failed to satisfy constraint: Member must not be null`,
    );
  const out: Item = {};
  for (const k of Object.keys(raw)) setOwn(out, k, parseValue((raw as Record<string, unknown>)[k]));
  return out;
}

function serialization(type: string) {
  return validation(`Invalid value for AttributeValue of type ${type}`);
}
