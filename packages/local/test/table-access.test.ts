import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import type { Config } from "@code-remote/core/config";
import type { Result } from "@code-remote/core/execution";
import { TABLE_ACCESS, type TableAction, type TableUser } from "../../../infra/table-access";
import { createApi } from "@code-remote/functions/api";
import { createDeadLetterHandler } from "@code-remote/functions/dlq";
import type { DepsOverrides } from "@code-remote/functions/deps";
import { createWorkerHandler } from "@code-remote/functions/worker";
import { createWsHandlers, type WsEvent } from "@code-remote/functions/ws";
import { authorizedCaller, useGrantsStack } from "./support/grants";
import { okResult } from "./support/job-table";

// The IAM grants of infra/table-access.ts, measured: each Lambda handler runs its real code paths
// against the local stack, with its DynamoDB client pointed at a recording proxy of its own, and
// the table actions it actually sends (transactions counted as the writes inside them, as IAM
// counts them) must be exactly what it is granted: nothing missing, nothing granted unused.

/** An IAM action as a DynamoDB request needs it, with the index a Query reads. */
type Used = `${TableAction}` | `Query:${string}` | string;

/** The table actions one DynamoDB request needs (transactions as the writes inside them, as IAM counts them). */
function tableActions(req: IncomingMessage, body: Buffer): Used[] {
  const operation = String(req.headers["x-amz-target"] ?? "")
    .split(".")
    .pop()!;
  const input = JSON.parse(body.toString("utf8") || "{}") as {
    IndexName?: string;
    TransactItems?: Record<string, unknown>[];
  };
  if (operation === "TransactWriteItems") {
    const kinds: Record<string, string> = {
      Put: "PutItem",
      Update: "UpdateItem",
      Delete: "DeleteItem",
      ConditionCheck: "ConditionCheckItem",
    };
    return (input.TransactItems ?? []).flatMap((item) => Object.keys(item).map((kind) => kinds[kind] ?? kind));
  }
  if (operation === "TransactGetItems") return ["GetItem"];
  return [operation === "Query" || operation === "Scan" ? `${operation}:${input.IndexName ?? "table"}` : operation];
}

/** What TABLE_ACCESS grants, in the recorder's terms (Query is granted on gsi1 only). */
const granted = (user: TableUser) =>
  new Set((TABLE_ACCESS[user] as readonly string[]).map((a) => (a === "Query" ? "Query:gsi1" : a)));

const grants = useGrantsStack();
const used = {} as Record<TableUser, Set<Used>>;

/** Deps for one function: the stack's settings, its own recorded DynamoDB endpoint. */
async function depsFor(user: TableUser, overrides: DepsOverrides = {}, limits: Partial<Config["limits"]> = {}) {
  const { deps, used: recorded } = await grants.recordedDeps("dynamodb", tableActions, overrides, limits);
  used[user] = recorded;
  return deps;
}

/** The worker's sandbox here: an ok result at once (what it does to the table is what is measured). */
const okSandbox = { run: async (): Promise<Result> => okResult };

const wsEvent = (connectionId: string, extra: Partial<WsEvent> = {}) =>
  ({ requestContext: { connectionId }, ...extra }) as unknown as WsEvent;

describe("each function's table actions, measured against its grants", () => {
  it("running every route and handler uses exactly the granted actions", async () => {
    const { stack } = grants;
    const token = await stack.user("grants");
    const nextDelivery = () => grants.nextDelivery(3);

    // WebSocket routes: an open connection, a ping (its pong finds no such socket: gone, removed), a close.
    // $connect with a cap of 1 per user: the owner's connections are counted, and one past the cap removed.
    const ws = {
      connect: createWsHandlers(await depsFor("wsConnect", {}, { maxConnectionsPerUser: 1 })).connect,
      message: createWsHandlers(await depsFor("wsMessage")).message,
      disconnect: createWsHandlers(await depsFor("wsDisconnect")).disconnect,
    };
    const connect = async (id: string) =>
      expect((await ws.connect(wsEvent(id, { queryStringParameters: { token } }))).statusCode).toBe(200);
    await connect("conn-ping");
    expect((await ws.message(wsEvent("conn-ping", { body: JSON.stringify({ action: "ping" }) }))).statusCode).toBe(200);
    await connect("conn-closed");
    expect((await ws.connect(wsEvent("conn-over-cap", { queryStringParameters: { token } }))).statusCode).toBe(429);
    expect((await ws.disconnect(wsEvent("conn-closed"))).statusCode).toBe(200);

    // The API: every route. /analyze with a fixed analyzer (its cache is what is measured).
    const analysis = {
      time: "O(n)",
      space: "O(1)",
      explanation: "one loop",
      algorithm: "scan",
      suggestions: [],
      source: "static",
    };
    const apiDeps = await depsFor("api", { analyzers: { fallback: { analyze: async () => analysis as never } } });
    const api = createApi(apiDeps);
    // The HTTP API's JWT authorizer has verified the token and hands the function its claims.
    const claims = await apiDeps.verifier.verifyClaims(token);
    const call = authorizedCaller(api, claims);
    const submit = async () => {
      const submitted = await call<{ job: { jobId: string } }>("POST", "/execute", { code: "print(6 * 7)" });
      expect(submitted.status).toBe(202);
      return submitted.body.job.jobId;
    };
    expect((await call("GET", "/health")).status).toBe(200);
    const ran = await submit();
    expect((await call("GET", `/jobs/${ran}`)).status).toBe(200);
    expect((await call("GET", `/jobs/${ran}/trace`)).status).toBe(404); // not a trace run: one GetItem
    expect((await call("GET", "/jobs")).status).toBe(200);
    expect((await call("POST", "/analyze", { code: "for x in range(10): print(x)" })).status).toBe(200);

    // The worker runs it (the owner's connection is gone: looked up, pushed to, removed), then the
    // same message again, as SQS may redeliver it: the job is final, read and left alone.
    const worker = createWorkerHandler(await depsFor("worker", { sandbox: okSandbox }));
    await connect("conn-worker");
    const delivery = await nextDelivery();
    expect(await worker(delivery)).toEqual({ batchItemFailures: [] });
    expect(await worker(delivery)).toEqual({ batchItemFailures: [] });

    // A job that dead-letters: the DLQ consumer marks it failed and tells the owner.
    const deadLetters = createDeadLetterHandler(await depsFor("deadLetters"));
    const lost = await submit();
    await connect("conn-dlq");
    const dead = await nextDelivery();
    expect(JSON.parse(dead.Records[0]!.body)).toMatchObject({ jobId: lost });
    expect(await deadLetters(dead)).toEqual({ batchItemFailures: [] });

    // Cancel through the API, with the owner connected (the push removes the gone connection).
    const cancelled = await submit();
    await connect("conn-cancel");
    expect((await call("POST", `/jobs/${cancelled}/cancel`)).status).toBe(200);
    expect((await call<{ job: unknown }>("GET", `/jobs/${lost}`)).body.job).toMatchObject({ state: "failed" });

    for (const user of Object.keys(TABLE_ACCESS) as TableUser[]) {
      expect([...used[user]].sort(), user).toEqual([...granted(user)].sort());
    }
  }, 120_000);
});
