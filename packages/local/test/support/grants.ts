// What the grant-measuring suites (table-access.test.ts, object-access.test.ts) share: a local stack
// without its in-process worker (the suites hand the queue's messages to the handlers themselves), deps
// for one function at a time whose client for one service goes through a recording proxy of its own,
// and the API called as the HTTP API's JWT authorizer calls it.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll } from "vitest";
import type { Config } from "@code-remote/core/config";
import type { createApi } from "@code-remote/functions/api";
import { createDeps, type DepsOverrides } from "@code-remote/functions/deps";
import { LOCAL_CREDENTIALS } from "../../src/net";
import { NO_LIMITS, startTestStack, type TestStack } from "./stack";

/** The actions one request to the proxied service needs, in the suite's terms. */
export type ActionsOf = (request: IncomingMessage, body: Buffer) => string[];

/** A pass-through to a local server that writes down what one function asks of it. */
async function recordingProxy(
  target: string,
  actionsOf: ActionsOf,
): Promise<{ url: string; used: Set<string>; server: Server }> {
  const used = new Set<string>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      for (const action of actionsOf(req, body)) used.add(action);
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

export interface GrantsStack {
  readonly stack: TestStack;
  /**
   * Deps for one function: the stack's settings (limits patched as given), its client for `service`
   * pointed at a recording proxy of its own; `used` fills as the function runs.
   */
  recordedDeps(
    service: "dynamodb" | "s3",
    actionsOf: ActionsOf,
    overrides?: DepsOverrides,
    limits?: Partial<Config["limits"]>,
  ): Promise<{ deps: ReturnType<typeof createDeps>; used: Set<string> }>;
  /** The next message on the jobs queue, as the Lambda event source would deliver it (taken off the queue). */
  nextDelivery(receiveCount: number): Promise<SQSEvent>;
}

/** The stack, started before the calling file's tests; stopped, with every proxy, after them. */
export function useGrantsStack(): GrantsStack {
  let stack!: TestStack;
  let sqs!: SQSClient;
  const proxies: Server[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ inProcessWorker: false, settings: NO_LIMITS });
    sqs = new SQSClient({ endpoint: stack.urls.sqs, region: stack.config.region, credentials: LOCAL_CREDENTIALS });
  }, 120_000);

  afterAll(async () => {
    for (const server of proxies) server.close();
    sqs?.destroy();
    await stack?.stop();
  });

  return {
    get stack() {
      return stack;
    },
    async recordedDeps(service, actionsOf, overrides = {}, limits = {}) {
      const proxy = await recordingProxy(service === "dynamodb" ? stack.urls.dynamodb : stack.urls.s3, actionsOf);
      proxies.push(proxy.server);
      const config: Config = {
        ...stack.config,
        limits: { ...stack.config.limits, ...limits },
        endpoints: { ...stack.config.endpoints, [service]: proxy.url },
      };
      return { deps: createDeps(config, { log: () => {}, ...overrides }), used: proxy.used };
    },
    async nextDelivery(receiveCount) {
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
            attributes: { ...message.Attributes, ApproximateReceiveCount: String(receiveCount) },
          },
        ],
      } as unknown as SQSEvent;
    },
  };
}

/**
 * The API app called as API Gateway calls it behind the JWT authorizer, which has verified the token
 * and hands the function its claims: the answer's status and JSON body.
 */
export function authorizedCaller(api: ReturnType<typeof createApi>, claims: Record<string, unknown>) {
  return async <Body>(method: string, path: string, body?: unknown): Promise<{ status: number; body: Body }> => {
    const response = await api.fetch(
      new Request(`http://api.local${path}`, {
        method,
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
      { requestContext: { authorizer: { jwt: { claims: { ...claims } } } } },
    );
    return { status: response.status, body: (response.status === 204 ? undefined : await response.json()) as Body };
  };
}
