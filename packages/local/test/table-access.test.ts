import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "@code-remote/core/config";
import type { Result } from "@code-remote/core/execution";
import { TABLE_ACCESS, type TableAction, type TableUser } from "../../../infra/table-access";
import { createApi } from "@code-remote/functions/api";
import { createDeadLetterHandler } from "@code-remote/functions/dlq";
import { createDeps, type DepsOverrides } from "@code-remote/functions/deps";
import { createWorkerHandler } from "@code-remote/functions/worker";
import { createWsHandlers, type WsEvent } from "@code-remote/functions/ws";
import { NO_LIMITS, startTestStack, type TestStack } from "./support/stack";

// The IAM grants of infra/table-access.ts, measured: each Lambda handler runs its real code paths
// against the local stack, with its DynamoDB client pointed at a recording proxy of its own, and
// the table actions it actually sends (transactions counted as the writes inside them, as IAM
// counts them) must be exactly what it is granted: nothing missing, nothing granted unused.

/** An IAM action as a DynamoDB request needs it, with the index a Query reads. */
type Used = `${TableAction}` | `Query:${string}` | string;

/** A pass-through to the local DynamoDB server that writes down what one handler asks of it. */
async function recordingProxy(target: string): Promise<{ url: string; used: Set<Used>; server: Server }> {
  const used = new Set<Used>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
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
        for (const item of input.TransactItems ?? [])
          for (const kind of Object.keys(item)) used.add(kinds[kind] ?? kind);
      } else if (operation === "TransactGetItems") {
        used.add("GetItem");
      } else {
        used.add(
          operation === "Query" || operation === "Scan" ? `${operation}:${input.IndexName ?? "table"}` : operation,
        );
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", (error) => res.destroy(error));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, used, server };
}

/** What TABLE_ACCESS grants, in the recorder's terms (Query is granted on gsi1 only). */
const granted = (user: TableUser) =>
  new Set((TABLE_ACCESS[user] as readonly string[]).map((a) => (a === "Query" ? "Query:gsi1" : a)));

let stack: TestStack;
const proxies: Server[] = [];
const used = {} as Record<TableUser, Set<Used>>;

/** Deps for one function: the stack's settings, its own recorded DynamoDB endpoint. */
async function depsFor(user: TableUser, overrides: DepsOverrides = {}, limits: Partial<Config["limits"]> = {}) {
  const proxy = await recordingProxy(stack.urls.dynamodb);
  proxies.push(proxy.server);
  used[user] = proxy.used;
  const config: Config = {
    ...stack.config,
    limits: { ...stack.config.limits, ...limits },
    endpoints: { ...stack.config.endpoints, dynamodb: proxy.url },
  };
  return createDeps(config, { log: () => {}, ...overrides });
}

/** The worker's sandbox here: an ok result at once (what it does to the table is what is measured). */
const okSandbox = {
  run: async (): Promise<Result> =>
    ({
      verdict: "ok",
      exitCode: 0,
      signal: null,
      stdout: "42\n",
      stderr: "",
      truncated: { stdout: false, stderr: false },
      error: null,
      usage: { wallMs: 1, cpuMs: 1, peakMemoryKb: 1 },
    }) as unknown as Result,
};

const wsEvent = (connectionId: string, extra: Partial<WsEvent> = {}) =>
  ({ requestContext: { connectionId }, ...extra }) as unknown as WsEvent;

beforeAll(async () => {
  // No in-process worker: this test hands the queue's messages to the handlers itself.
  stack = await startTestStack({ inProcessWorker: false, settings: NO_LIMITS });
}, 120_000);

afterAll(async () => {
  for (const server of proxies) server.close();
  await stack?.stop();
});

describe("each function's table actions, measured against its grants", () => {
  it("running every route and handler uses exactly the granted actions", async () => {
    const token = await stack.user("grants");
    const sqs = new SQSClient({
      endpoint: stack.urls.sqs,
      region: stack.config.region,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    /** The next message on the jobs queue, as the Lambda event source would deliver it. */
    const nextDelivery = async (): Promise<SQSEvent> => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.queues.jobs,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: 5,
          MessageSystemAttributeNames: ["All"],
        }),
      );
      const message = Messages[0]!;
      await sqs.send(new DeleteMessageCommand({ QueueUrl: stack.queues.jobs, ReceiptHandle: message.ReceiptHandle! }));
      return {
        Records: [
          {
            messageId: message.MessageId!,
            body: message.Body!,
            attributes: { ...message.Attributes, ApproximateReceiveCount: "3" },
          },
        ],
      } as unknown as SQSEvent;
    };

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
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await api.fetch(
        new Request(`http://api.local${path}`, {
          method,
          headers: { "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
        { requestContext: { authorizer: { jwt: { claims: { ...claims } } } } },
      );
      return { status: response.status, body: (await response.json()) as { job?: { jobId: string } } };
    };
    const submit = async () => {
      const submitted = await call("POST", "/execute", { code: "print(6 * 7)" });
      expect(submitted.status).toBe(202);
      return submitted.body.job!.jobId;
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
    expect((await call("GET", `/jobs/${lost}`)).body.job).toMatchObject({ state: "failed" });

    for (const user of Object.keys(TABLE_ACCESS) as TableUser[]) {
      expect([...used[user]].sort(), user).toEqual([...granted(user)].sort());
    }
  }, 120_000);
});
