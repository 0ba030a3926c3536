import type { Database } from "../database";
import { DynamoError, validation } from "../errors";
import type { Item } from "../values";
import { response, type Request } from "./common";
import { readItem } from "./items";
import { commit, planConditionCheck, planDelete, planPut, planUpdate, type WritePlan } from "./write-plan";

const IDEMPOTENCY_MS = 10 * 60 * 1000;
const tokens = new WeakMap<Database, Map<string, { body: string; at: number }>>();

function transactItems(req: Request): Record<string, Record<string, unknown>>[] {
  const items = req.body.TransactItems;
  if (!Array.isArray(items) || items.length < 1 || items.length > 100) {
    throw validation(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length ${Array.isArray(items) && items.length > 100 ? "less than or equal to 100" : "greater than or equal to 1"}`,
    );
  }
  return items as Record<string, Record<string, unknown>>[];
}

/**
 * A repeated ClientRequestToken within ten minutes is the same transaction: DynamoDB answers it without
 * writing again, and refuses the token with different parameters.
 */
function alreadyApplied(req: Request): boolean {
  const token = req.body.ClientRequestToken;
  if (typeof token !== "string") return false;
  let seen = tokens.get(req.db);
  if (!seen) tokens.set(req.db, (seen = new Map()));
  const now = Date.now();
  for (const [t, v] of seen) if (now - v.at > IDEMPOTENCY_MS) seen.delete(t);
  const { ClientRequestToken: _, ReturnConsumedCapacity: __, ...rest } = req.body;
  const body = JSON.stringify(rest);
  const previous = seen.get(token);
  if (previous && previous.body !== body) {
    throw new DynamoError(
      "IdempotentParameterMismatchException",
      "The request uses the same client token as a previous, but non-identical request.",
    );
  }
  if (previous) return true;
  seen.set(token, { body, at: now });
  return false;
}

/** All or nothing: every condition is checked against the current items before anything is written. */
export function transactWriteItems(req: Request) {
  const specs = transactItems(req);
  const plans: { plan: WritePlan; spec: Record<string, unknown> }[] = [];
  const seen = new Set<string>();
  for (const entry of specs) {
    const kinds = Object.keys(entry).filter((k) => entry[k] != null);
    if (kinds.length !== 1) throw validation("TransactItems can only contain one of Check, Put, Update or Delete");
    const kind = kinds[0] as string;
    const spec = entry[kind] as Record<string, unknown>;
    const plan =
      kind === "Put"
        ? planPut(req, spec)
        : kind === "Update"
          ? planUpdate(req, spec)
          : kind === "Delete"
            ? planDelete(req, spec)
            : kind === "ConditionCheck"
              ? planConditionCheck(req, spec)
              : undefined;
    if (!plan) throw validation(`TransactItems can only contain one of Check, Put, Update or Delete; found: ${kind}`);
    const id = `${plan.table.name}\u0000${plan.table.keyString(plan.key)}`;
    if (seen.has(id)) throw validation("Transaction request cannot include multiple operations on one item");
    seen.add(id);
    plans.push({ plan, spec });
  }
  if (alreadyApplied(req)) return {};
  if (plans.some(({ plan }) => !plan.passed)) {
    const reasons = plans.map(({ plan, spec }) => {
      if (plan.passed) return { Code: "None" };
      const withItem = spec.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && plan.old;
      return {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        ...(withItem ? { Item: plan.old } : {}),
      };
    });
    throw new DynamoError(
      "TransactionCanceledException",
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
      { CancellationReasons: reasons },
    );
  }
  for (const { plan } of plans) commit(plan);
  return {};
}

export function transactGetItems(req: Request) {
  const specs = transactItems(req);
  const responses: { Item?: Item }[] = [];
  for (const entry of specs) {
    const get = entry.Get;
    if (!get)
      throw validation(
        "1 validation error detected: Value null at 'transactItems.1.member.get' failed to satisfy constraint: Member must not be null",
      );
    const item = readItem(req, get, get.Key);
    responses.push(response({ Item: item }));
  }
  return { Responses: responses };
}
