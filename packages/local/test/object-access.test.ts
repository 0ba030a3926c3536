import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "@code-remote/core/config";
import type { Result, SandboxRequest } from "@code-remote/core/execution";
import { createTable } from "@code-remote/core/store";
import { OBJECT_ACCESS, OBJECT_PREFIXES, type ObjectUser } from "../../../infra/object-access";
import { createApi } from "@code-remote/functions/api";
import { createDeps, type DepsOverrides } from "@code-remote/functions/deps";
import { createWorkerHandler } from "@code-remote/functions/worker";
import { NO_LIMITS, startTestStack, type TestStack } from "./support/stack";

// The S3 grants of infra/object-access.ts, measured (as table-access.test.ts measures the table's): the
// worker and the API run their real code paths against the local stack, each with its S3 client
// pointed at a recording proxy of its own, and the object actions each one actually sends, per key
// prefix, must be exactly what it is granted: the worker writes (and removes what a cancelled job left)
// under traces/ and results/, the API only reads them; nothing else, no listing, no other key.

/** "Action prefix/" for one S3 request (path-style: /<bucket>/<key>). */
function actionOf(method: string, url: string, bucket: string): string {
  const path = decodeURIComponent(new URL(url, "http://s3.local").pathname);
  const key = path.startsWith(`/${bucket}/`) ? path.slice(bucket.length + 2) : "";
  const prefix = OBJECT_PREFIXES.find((p) => key.startsWith(p)) ?? (key ? "<other>/" : "<bucket>");
  const action = !key
    ? `${method}Bucket`
    : (({ PUT: "PutObject", GET: "GetObject", HEAD: "GetObject", DELETE: "DeleteObject" } as Record<string, string>)[
        method
      ] ?? method);
  return `${action} ${prefix}`;
}

async function recordingProxy(
  target: string,
  bucket: string,
): Promise<{ url: string; used: Set<string>; server: Server }> {
  const used = new Set<string>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    used.add(actionOf(req.method ?? "", req.url ?? "/", bucket));
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", (error) => res.destroy(error));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, used, server };
}

/** What OBJECT_ACCESS grants, in the recorder's terms: each action on each prefix. */
const granted = (user: ObjectUser) =>
  new Set(OBJECT_ACCESS[user].flatMap((action) => OBJECT_PREFIXES.map((prefix) => `${action} ${prefix}`)));

let stack: TestStack;
const proxies: Server[] = [];
const used = {} as Record<ObjectUser, Set<string>>;

async function depsFor(user: ObjectUser, overrides: DepsOverrides = {}) {
  const proxy = await recordingProxy(stack.urls.s3, stack.bucketName);
  proxies.push(proxy.server);
  used[user] = proxy.used;
  const config: Config = { ...stack.config, endpoints: { ...stack.config.endpoints, s3: proxy.url } };
  return createDeps(config, { log: () => {}, ...overrides });
}

/** A sandbox answering at once: 10,000 lines (too large for a table item), and a trace for a trace run. */
function bigSandbox(during?: (request: SandboxRequest) => Promise<void>) {
  return {
    run: async (request: SandboxRequest): Promise<Result> => {
      await during?.(request);
      return {
        verdict: "ok",
        exitCode: 0,
        signal: null,
        stdout: Array.from({ length: 10_000 }, (_, i) => `line ${i} ${"x".repeat(40)}\n`).join(""),
        stderr: "",
        truncated: { stdout: false, stderr: false },
        error: null,
        usage: { wallMs: 1, cpuMs: 1, peakMemoryKb: 1 },
        ...(request.mode === "trace" ? { trace: { steps: [], truncated: false, lineCounts: {} } } : {}),
      };
    },
  };
}

beforeAll(async () => {
  // No in-process worker: this test hands the queue's messages to the handlers itself.
  stack = await startTestStack({ inProcessWorker: false, settings: NO_LIMITS });
}, 120_000);

afterAll(async () => {
  for (const server of proxies) server.close();
  await stack?.stop();
});

describe("each function's object actions, measured against its grants", () => {
  it("the worker writes and deletes, the API reads and deletes, and only keys under traces/ and results/", async () => {
    const token = await stack.user("object-grants");
    const sqs = new SQSClient({
      endpoint: stack.urls.sqs,
      region: stack.config.region,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
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
            attributes: { ...message.Attributes, ApproximateReceiveCount: "1" },
          },
        ],
      } as unknown as SQSEvent;
    };

    const apiDeps = await depsFor("api");
    const api = createApi(apiDeps);
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
      return {
        status: response.status,
        body: (await response.json()) as {
          job: { jobId: string; resultObject?: unknown; result?: { stdout: string } };
        },
      };
    };
    const submit = async (body: Record<string, unknown>) => {
      const submitted = await call("POST", "/execute", body);
      expect(submitted.status).toBe(202);
      return submitted.body.job.jobId;
    };

    // The worker: a trace run (its trace and its too-large result go to the bucket), then a job
    // cancelled while it ran (what the worker wrote for it is removed again).
    const dynamo = new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: stack.config.region,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    let cancelNext = false;
    const worker = createWorkerHandler(
      await depsFor("worker", {
        sandbox: bigSandbox(async (request) => {
          if (!cancelNext) return;
          await createTable(dynamo, stack.tableName)
            .entities.job.patch({ jobId: request.jobId })
            .set({ state: "cancelled" })
            .go();
        }),
      }),
    );
    const traced = await submit({ code: "print(1)", mode: "trace" });
    expect(await worker(await nextDelivery())).toEqual({ batchItemFailures: [] });
    cancelNext = true;
    await submit({ code: "print(2)", mode: "trace" });
    expect(await worker(await nextDelivery())).toEqual({ batchItemFailures: [] });

    // The API reads them for the owner: the whole result (GET /jobs/:id) and the trace.
    const whole = await call("GET", `/jobs/${traced}`);
    expect(whole.body.job.resultObject).toBeDefined();
    expect(whole.body.job.result!.stdout.split("\n")).toHaveLength(10_001);
    expect((await call("GET", `/jobs/${traced}/trace`)).status).toBe(200);
    expect((await call("GET", "/jobs")).status).toBe(200); // the listing reads no object
    // DELETE /jobs/:id removes the deleted run's objects, its trace and its whole result.
    const deleted = await api.fetch(new Request(`http://api.local/jobs/${traced}`, { method: "DELETE" }), {
      requestContext: { authorizer: { jwt: { claims: { ...claims } } } },
    });
    expect(deleted.status).toBe(204);

    expect([...used.worker].sort()).toEqual([...granted("worker")].sort());
    expect([...used.api].sort()).toEqual([...granted("api")].sort());
    dynamo.destroy();
    expect(OBJECT_ACCESS).toEqual({ worker: ["PutObject", "DeleteObject"], api: ["GetObject", "DeleteObject"] });
  }, 120_000);
});
