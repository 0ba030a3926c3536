import type { Database } from "../database";
import { validation } from "../errors";
import type { Path } from "../expressions/ast";
import { parseCondition, parseProjection } from "../expressions/parser";
import { Placeholders } from "../expressions/placeholders";
import type { Table } from "../table";
import { itemSize, type Item } from "../values";

/** What every operation receives: the database and the parsed JSON body. */
export interface Request {
  db: Database;
  body: Record<string, unknown>;
  region: string;
}

export type Operation = (req: Request) => unknown;

/** The SDK sends only these shapes; legacy parameters (pre-expression API) are refused explicitly. */
export function refuseLegacy(body: Record<string, unknown>, names: string[]): void {
  for (const n of names) {
    if (body[n] != null)
      throw validation(
        `${n} is a legacy parameter this server does not support; use the expression parameters instead`,
      );
  }
}

export function requireString(body: Record<string, unknown>, field: string, label = field): string {
  const v = body[field];
  if (typeof v !== "string" || !v) {
    throw validation(
      `1 validation error detected: Value null at '${label}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return v;
}

export function tableOf(req: Request, body: Record<string, unknown> = req.body): Table {
  requireString(body, "TableName", "tableName");
  return req.db.table(body.TableName);
}

export function placeholdersOf(body: Record<string, unknown>): Placeholders {
  return new Placeholders(body.ExpressionAttributeNames, body.ExpressionAttributeValues);
}

export function conditionOf(body: Record<string, unknown>, p: Placeholders, field = "ConditionExpression") {
  const source = body[field];
  return typeof source === "string" ? parseCondition(source, field, p) : undefined;
}

/** ProjectionExpression, or the legacy AttributesToGet list (simple enough to keep). */
export function projectionOf(body: Record<string, unknown>, p: Placeholders): Path[] | undefined {
  if (typeof body.ProjectionExpression === "string") return parseProjection(body.ProjectionExpression, p);
  if (Array.isArray(body.AttributesToGet)) return (body.AttributesToGet as string[]).map((a) => [a]);
  return undefined;
}

export function enumOf<T extends string>(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = body[field];
  if (v == null) return fallback;
  if (!allowed.includes(v as T)) {
    throw validation(
      `1 validation error detected: Value '${String(v)}' at '${field[0]?.toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`,
    );
  }
  return v as T;
}

/** ConsumedCapacity only when asked for; units from item size as DynamoDB rounds them (1 KB writes, 4 KB reads). */
export function capacity(body: Record<string, unknown>, table: Table, items: (Item | undefined)[], read: boolean) {
  const mode = body.ReturnConsumedCapacity;
  if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
  const bytes = Math.max(1, ...items.map((i) => (i ? itemSize(i) : 0)));
  let units = Math.ceil(bytes / (read ? 4096 : 1024));
  if (read && body.ConsistentRead !== true) units /= 2;
  return {
    TableName: table.name,
    CapacityUnits: units,
    ...(mode === "INDEXES" ? { Table: { CapacityUnits: units } } : {}),
  };
}

/** Omit undefined fields, so responses carry only what DynamoDB would send. */
export function response(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in fields) if (fields[k] !== undefined) out[k] = fields[k];
  return out;
}
