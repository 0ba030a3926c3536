import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD_POLICY } from "@code-remote/core/auth";
import { LIMIT_MAXIMA } from "@code-remote/core/execution";
import { JOB_TTL_SECONDS, resultKeyOf, traceKeyOf } from "@code-remote/core/job";
import { GEMINI_TIMEOUT_MS } from "../../src/adapters/gemini-analyzer";
import { STATIC_ANALYZER_LIMITS } from "../../src/adapters/sandbox-static-analyzer";
import type { Deps } from "../../src/deps";
import { LINKED_SETTINGS } from "../../src/config-source";
import { HTTP_ROUTES } from "../../src/http/routes";
import { WORKER_BATCH_SIZE, WORKER_TIMEOUT_SECONDS } from "../../src/worker-settings";
import { CAPACITY } from "../../../../infra/capacity";
import { TABLE_ACCESS } from "../../../../infra/table-access";
import { OBJECT_ACCESS, OBJECT_PREFIXES } from "../../../../infra/object-access";
import { evaluate, root } from "./evaluate-config";
import { type Args, type Component, type Graph, removeSstGlobals } from "./sst-recorder";

// Evaluates sst.config.ts's real run() with recording stand-ins for SST and asserts the graph it
// builds: what would be deployed, checked without an AWS account.

/** "60 seconds" / "1 minute" → seconds. SST durations are "<n> <unit>". */
function seconds(duration: string): number {
  const match = /^(\d+) (second|minute)s?$/.exec(duration);
  if (!match) throw new Error(`unexpected duration ${duration}`);
  return Number(match[1]) * (match[2] === "minute" ? 60 : 1);
}

/** The one mapping between the two spellings: API Gateway's `{id}` is Hono's `:id`. */
const honoPath = (gatewayPath: string) => gatewayPath.replace(/\{(\w+)\}/g, ":$1");

const names = (links: Component[] | undefined) => (links ?? []).map((c) => c.logicalName).sort();

/** Every handler args object infra/ declares: plain functions, subscribers, WebSocket routes. */
function handlerArgs(graph: Graph): Args[] {
  return [
    ...graph.ofType("sst.aws.Function").map((f) => f.args),
    ...graph.subscriptions.map((s) => s.subscriber),
    ...graph.wsRoutes.map((r) => r.handler),
  ];
}

let prod: Awaited<ReturnType<typeof evaluate>>;

beforeAll(async () => {
  prod = await evaluate("prod");
});
afterAll(removeSstGlobals);

describe("sst.config.ts", () => {
  it("retains and protects prod, removes other stages", async () => {
    expect(prod.config.app({ stage: "prod" })).toMatchObject({ home: "aws", removal: "retain", protect: true });
    expect(prod.config.app({ stage: "pr-42" })).toMatchObject({ removal: "remove", protect: false });
  });

  it("outputs the URLs and ids the web app and operators need", () => {
    expect(prod.outputs).toMatchObject({
      web: "<Web.url>",
      api: "<Api.url>",
      realtime: "<Realtime.url>",
      userPoolId: "<Users.id>",
      userPoolClientId: "<Web.id>",
      objects: "<Objects.name>",
    });
  });
});

describe("handlers", () => {
  it("every handler path infra names exists and exports the named function", async () => {
    const handlers = handlerArgs(prod.graph).map((a) => a.handler as string);
    expect(handlers).toContain("packages/functions/src/dlq.handler");
    for (const handler of handlers) {
      const dot = handler.lastIndexOf(".");
      const [path, exported] = [handler.slice(0, dot), handler.slice(dot + 1)];
      if (existsSync(join(root, `${path}.py`))) {
        const source = readFileSync(join(root, `${path}.py`), "utf8");
        expect(source, `${handler}: def ${exported}`).toMatch(new RegExp(`^def ${exported}\\(`, "m"));
      } else {
        expect(existsSync(join(root, `${path}.ts`)), `${path}.ts exists`).toBe(true);
        const module = (await import(/* @vite-ignore */ join(root, `${path}.ts`))) as Record<string, unknown>;
        expect(typeof module[exported], `${handler} is a function`).toBe("function");
      }
    }
  });

  it("reads no setting written out by hand: every environment value comes from a resource", () => {
    for (const args of handlerArgs(prod.graph)) {
      for (const [key, value] of Object.entries((args.environment ?? {}) as Record<string, string>)) {
        expect(value, `${args.handler} ${key}`).toMatch(/<[A-Za-z]+\.[a-zA-Z]+>/);
      }
    }
  });

  it("every resource config-source reads through Resource is a component infra builds and links", () => {
    const linked = new Set(handlerArgs(prod.graph).flatMap((a) => names(a.link)));
    for (const { link } of LINKED_SETTINGS) {
      if (link === "App") continue; // SST links the app's name and stage to every function itself.
      expect(linked, `some handler links ${link}`).toContain(link);
    }
  });
});

/** The object grants' resources: the keys under each of our prefixes, nothing else of the bucket. */
const OBJECT_RESOURCES = ["<Objects.arn>/traces/*", "<Objects.arn>/results/*"];

describe("storage and queue", () => {
  it("the table has pk/sk, gsi1 and TTL on expiresAt; point-in-time recovery and deletion protection only in prod", async () => {
    const table = prod.graph.get("sst.aws.Dynamo", "Table");
    expect(table.args).toMatchObject({
      primaryIndex: { hashKey: "pk", rangeKey: "sk" },
      globalIndexes: { gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" } },
      ttl: "expiresAt",
    });
    const tableArgs = (graph: Graph) => {
      const args: Args = {};
      graph.get("sst.aws.Dynamo", "Table").args.transform.table(args);
      return args;
    };
    expect(tableArgs(prod.graph)).toEqual({ pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true });
    const dev = await evaluate("dev");
    expect(tableArgs(dev.graph)).toEqual({ pointInTimeRecovery: { enabled: false }, deletionProtectionEnabled: false });
    prod = await evaluate("prod");
  });

  it("the objects bucket is private, has no CORS, and expires its objects with the jobs' TTL in whole days, rounded up", () => {
    const bucket = prod.graph.get("sst.aws.Bucket", "Objects");
    const days = Math.ceil(JOB_TTL_SECONDS / 86_400);
    expect(bucket.args).toEqual({
      cors: false,
      lifecycle: [
        { id: "expire-traces-with-jobs", prefix: "traces/", expiresIn: `${days} days` },
        { id: "expire-results-with-jobs", prefix: "results/", expiresIn: `${days} days` },
      ],
    });
    // Private: SST's default (all public access blocked) is left alone, no public or CloudFront access.
    expect(bucket.args.public).toBeUndefined();
    expect(bucket.args.access).toBeUndefined();
    expect(bucket.args.transform).toBeUndefined();
    // The lifecycle rule and the grants cover every key core writes.
    const ids = { userId: "u-1", jobId: "01JAAAAAAAAAAAAAAAAAAAAAAA" };
    expect(OBJECT_PREFIXES.some((prefix) => traceKeyOf(ids).startsWith(prefix))).toBe(true);
    expect(OBJECT_PREFIXES.some((prefix) => resultKeyOf(ids).startsWith(prefix))).toBe(true);
    // Every handler learns the bucket's name from the resource, as it does the table's.
    for (const args of handlerArgs(prod.graph)) {
      if (typeof args.handler === "string" && args.handler.startsWith("packages/functions/")) {
        expect(args.environment?.CR_BUCKET_NAME, args.handler).toBe("<Objects.name>");
      }
    }
  });

  it("the jobs queue is FIFO, dead-letters after 3 receives, and hides a message ≥ 6× the worker timeout", () => {
    const jobs = prod.graph.get("sst.aws.Queue", "Jobs");
    const dlq = prod.graph.get("sst.aws.Queue", "JobsDlq");
    expect(jobs.args.fifo).toBe(true);
    expect(dlq.args.fifo).toBe(true); // SQS requires a FIFO queue's DLQ to be FIFO
    expect(jobs.args.dlq).toEqual({ queue: dlq.arn, retry: 3 });
    const worker = prod.graph.subscriptions.find((s) => s.queue.logicalName === "Jobs")!;
    const workerTimeout = seconds(worker.subscriber.timeout);
    expect(workerTimeout).toBe(WORKER_TIMEOUT_SECONDS);
    expect(seconds(jobs.args.visibilityTimeout)).toBeGreaterThanOrEqual(6 * workerTimeout);
    // The DLQ has its own consumer: the same rule, or Lambda refuses the subscription.
    const consumer = prod.graph.subscriptions.find((s) => s.queue.logicalName === "JobsDlq")!;
    expect(seconds(dlq.args.visibilityTimeout)).toBeGreaterThanOrEqual(6 * seconds(consumer.subscriber.timeout));
  });
});

describe("functions and least privilege", () => {
  /** Statements as plain data: the table's are `<Table.arn>` (items) and `<Table.arn>/index/gsi1` (Query). */
  const tableStatements = (user: keyof typeof TABLE_ACCESS) => {
    const items = TABLE_ACCESS[user].filter((a) => a !== "Query").map((a) => `dynamodb:${a}`);
    return [
      ...(items.length ? [{ actions: items, resources: ["<Table.arn>"] }] : []),
      ...((TABLE_ACCESS[user] as readonly string[]).includes("Query")
        ? [{ actions: ["dynamodb:Query"], resources: ["<Table.arn>/index/gsi1"] }]
        : []),
    ];
  };

  it("no function links the table (a link grants dynamodb:*); every table grant is item-level on the table or gsi1", () => {
    const itemLevel = new Set([
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
      "dynamodb:ConditionCheckItem",
    ]);
    for (const args of handlerArgs(prod.graph)) {
      expect(names(args.link), args.handler).not.toContain("Table");
      for (const statement of (args.permissions ?? []) as { actions: string[]; resources: string[] }[]) {
        for (const action of statement.actions.filter((a) => a.startsWith("dynamodb:"))) {
          expect(itemLevel, `${args.handler}: ${action}`).toContain(action);
          const onIndex = statement.resources.every((r) => r === "<Table.arn>/index/gsi1");
          expect(
            statement.resources.every((r) => r === "<Table.arn>") || (action === "dynamodb:Query" && onIndex),
            `${args.handler}: ${action} on ${statement.resources}`,
          ).toBe(true);
        }
      }
    }
  });

  it("no function links the bucket (a link grants s3:*); only the worker puts, the worker and the API delete (a cancelled object, a deleted job), only the API gets, object-level on traces/* and results/*", () => {
    const objectStatement = (user: keyof typeof OBJECT_ACCESS) => ({
      actions: OBJECT_ACCESS[user].map((a) => `s3:${a}`),
      resources: OBJECT_RESOURCES,
    });
    expect(OBJECT_ACCESS).toEqual({ worker: ["PutObject", "DeleteObject"], api: ["GetObject", "DeleteObject"] });
    const s3Statements = (args: Args) =>
      ((args.permissions ?? []) as { actions: string[]; resources: string[] }[]).filter((p) =>
        p.actions.some((a) => a.startsWith("s3:")),
      );
    const byHandler = new Map<string, unknown[]>();
    for (const args of handlerArgs(prod.graph)) {
      expect(names(args.link), args.handler).not.toContain("Objects");
      byHandler.set(args.handler, s3Statements(args));
    }
    for (const [handler, statements] of byHandler) {
      if (handler === "packages/functions/src/worker.handler")
        expect(statements, handler).toEqual([objectStatement("worker")]);
      else if (handler === "packages/functions/src/api.handler")
        expect(statements, handler).toEqual([objectStatement("api")]);
      else expect(statements, handler).toEqual([]);
    }
  });

  it("the worker: realtime and sandbox links, its table actions, one job per invocation, at most CAPACITY.workers at once", () => {
    const worker = prod.graph.subscriptions.filter((s) => s.queue.logicalName === "Jobs");
    expect(worker).toHaveLength(1);
    expect(worker[0]!.subscriber.handler).toBe("packages/functions/src/worker.handler");
    expect(names(worker[0]!.subscriber.link)).toEqual(["Realtime", "Sandbox"]);
    expect(worker[0]!.subscriber.permissions).toEqual([
      ...tableStatements("worker"),
      { actions: ["s3:PutObject", "s3:DeleteObject"], resources: OBJECT_RESOURCES },
    ]);
    expect(worker[0]!.args.batch).toEqual({ size: WORKER_BATCH_SIZE, partialResponses: true });
    const mapping: Args = {};
    worker[0]!.args.transform.eventSourceMapping(mapping);
    expect(mapping.scalingConfig).toEqual({ maximumConcurrency: CAPACITY.workers });
    expect(CAPACITY.workers).toBeGreaterThanOrEqual(2); // SQS event sources allow 2-1000
    expect(CAPACITY.workers).toBeLessThanOrEqual(1000);
  });

  it("the dead-letter consumer is subscribed to the DLQ: realtime link and its table actions only", () => {
    const consumer = prod.graph.subscriptions.filter((s) => s.queue.logicalName === "JobsDlq");
    expect(consumer).toHaveLength(1);
    expect(consumer[0]!.subscriber.handler).toBe("packages/functions/src/dlq.handler");
    expect(names(consumer[0]!.subscriber.link)).toEqual(["Realtime"]);
    expect(consumer[0]!.subscriber.permissions).toEqual(tableStatements("deadLetters"));
    expect(consumer[0]!.args.batch.partialResponses).toBe(true);
  });

  it("the API function links realtime (cancel notifications), sandbox (static analysis) and the Gemini secret; its table actions; sends to and reads the queue's depth", () => {
    const fn = prod.graph.get("sst.aws.Function", "ApiFunction");
    expect(fn.args.handler).toBe("packages/functions/src/api.handler");
    expect(names(fn.args.link)).toEqual(["GeminiApiKey", "Realtime", "Sandbox"]);
    expect(prod.graph.get("sst.Secret", "GeminiApiKey")).toBeDefined();
    expect(fn.args.permissions).toEqual([
      ...tableStatements("api"),
      { actions: ["sqs:SendMessage", "sqs:GetQueueAttributes"], resources: ["<Jobs.arn>"] },
      { actions: ["s3:GetObject", "s3:DeleteObject"], resources: OBJECT_RESOURCES },
    ]);
  });

  it("the API function outlasts Gemini plus the static analyzer, within the HTTP API's 30 s", () => {
    const timeout = seconds(prod.graph.get("sst.aws.Function", "ApiFunction").args.timeout);
    expect(timeout).toBeGreaterThan(GEMINI_TIMEOUT_MS / 1000 + STATIC_ANALYZER_LIMITS.wallMs / 1000);
    expect(timeout).toBeLessThan(30);
  });

  it("the API bundle carries the static analyzer program where the adapter looks for it in a Lambda", () => {
    const copies = prod.graph.get("sst.aws.Function", "ApiFunction").args.copyFiles as { from: string; to: string }[];
    const source = readFileSync(join(root, "packages/functions/src/adapters/static-analyzer-source.ts"), "utf8");
    const lambdaPath = /join\(process\.env\.LAMBDA_TASK_ROOT[^,]*,\s*"([^"]+)"\)/.exec(source)?.[1];
    expect(lambdaPath).toBeDefined();
    const copy = copies.find((c) => c.to === lambdaPath);
    expect(copy, `copyFiles has ${lambdaPath}`).toBeDefined();
    for (const program of ["complexity", "measure"])
      expect(existsSync(join(root, copy!.from, program, "__main__.py")), program).toBe(true);
  });

  it("the sandbox is a Python container with no links or permissions, reserved concurrency for every worker and the analyses", () => {
    const sandbox = prod.graph.get("sst.aws.Function", "Sandbox");
    expect(sandbox.args).toMatchObject({
      runtime: "python3.11",
      python: { container: true },
      handler: "packages/sandbox/runner/handler.handler",
      dev: false,
    });
    expect(sandbox.args.link).toBeUndefined();
    expect(sandbox.args.permissions).toBeUndefined();
    expect(sandbox.args.environment).toBeUndefined();
    // Sized for the limits: the longest wall limit with room to fork and report, the largest memory limit.
    expect(seconds(sandbox.args.timeout)).toBeGreaterThan(LIMIT_MAXIMA.wallMs / 1000);
    expect(parseInt(sandbox.args.memory, 10)).toBeGreaterThan(LIMIT_MAXIMA.memoryMb);
    // The worker waits for the sandbox's answer, so it must outlive the sandbox's own timeout.
    expect(seconds(sandbox.args.timeout)).toBeLessThan(WORKER_TIMEOUT_SECONDS);
    // Every worker (one job each) holds one sandbox; the analyses come on top.
    expect(sandbox.args.concurrency).toEqual({ reserved: CAPACITY.workers + CAPACITY.analyses });
  });

  it("the sandbox's VPC has DNS off, no gateway of any kind, two private subnets, and a security group with no rule", () => {
    const sandbox = prod.graph.get("sst.aws.Function", "Sandbox");
    const vpc = prod.graph.get("aws.ec2.Vpc", "SandboxVpc");
    expect(vpc.args).toMatchObject({ enableDnsSupport: false, enableDnsHostnames: false });
    const subnets = prod.graph.ofType("aws.ec2.Subnet");
    expect(subnets).toHaveLength(2);
    for (const subnet of subnets) expect(subnet.args).toMatchObject({ vpcId: vpc.id, mapPublicIpOnLaunch: false });
    expect(new Set(subnets.map((s) => s.args.availabilityZone)).size).toBe(2);
    const noEgress = prod.graph.get("aws.ec2.SecurityGroup", "SandboxNoEgress");
    expect(noEgress.args).toMatchObject({ vpcId: vpc.id, ingress: [], egress: [] });
    expect(sandbox.args.vpc).toEqual({ privateSubnets: subnets.map((s) => s.id), securityGroups: [noEgress.id] });
    // Nothing that could route out, or resolve names: no gateways, no routes, no sst.aws.Vpc (DNS on, Cloud Map zone).
    const types = new Set(prod.graph.components.map((c) => c.type));
    for (const type of [
      "sst.aws.Vpc",
      "aws.ec2.InternetGateway",
      "aws.ec2.NatGateway",
      "aws.ec2.Route",
      "aws.ec2.RouteTable",
      "aws.ec2.VpcEndpoint",
    ]) {
      expect(types, type).not.toContain(type);
    }
  });
});

describe("README", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");

  it("the permissions table lists each function's table actions exactly as TABLE_ACCESS grants them", () => {
    for (const [user, actions] of Object.entries(TABLE_ACCESS)) {
      const row = readme.split("\n").find((line) => line.startsWith("|") && line.includes(`TABLE_ACCESS.${user}\``));
      expect(row, `a row for TABLE_ACCESS.${user}`).toBeDefined();
      const listed = [...row!.matchAll(/dynamodb:(\w+)/g)].map((m) => m[1]);
      expect(listed.sort(), user).toEqual([...actions].sort());
    }
  });

  it("the permissions table lists each function's bucket actions exactly as OBJECT_ACCESS grants them", () => {
    for (const [user, actions] of Object.entries(OBJECT_ACCESS)) {
      const row = readme.split("\n").find((line) => line.startsWith("|") && line.includes(`OBJECT_ACCESS.${user}\``));
      expect(row, `a row for OBJECT_ACCESS.${user}`).toBeDefined();
      expect(
        [...row!.matchAll(/s3:(\w+)/g)]
          .map((m) => m[1])
          .filter((a) => a !== "ListBucket")
          .sort(),
        user,
      ).toEqual([...actions].sort());
    }
  });

  it("states the capacity settings as they are", () => {
    expect(readme).toContain(`\`CAPACITY.workers\` (${CAPACITY.workers})`);
    expect(readme).toContain(`\`CAPACITY.sandboxReserved\` (${CAPACITY.sandboxReserved})`);
    expect(readme).toContain(`{"ReservedConcurrentExecutions": ${CAPACITY.sandboxReserved}}`);
    expect(readme).toContain(`{"MaximumConcurrency": ${CAPACITY.workers}}`);
  });
});

describe("operations", () => {
  it("an alarm fires when a job is dead-lettered: the DLQ consumer's invocations, not the (always drained) DLQ depth", () => {
    const consumer = prod.graph.subscriptions.find((s) => s.queue.logicalName === "JobsDlq")!;
    const alarm = prod.graph.get("aws.cloudwatch.MetricAlarm", "JobsDeadLettered");
    expect(alarm.args).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Invocations",
      dimensions: { FunctionName: consumer.result.nodes.function.name },
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [prod.graph.get("sst.aws.SnsTopic", "Alerts").arn],
    });
  });
});

describe("APIs", () => {
  it("HTTP routes are exactly HTTP_ROUTES, each behind the Cognito JWT authorizer but /health", () => {
    const authorizer = prod.graph.get("sst.aws.ApiGatewayV2Authorizer", "ApiAuthorizerCognito");
    expect(authorizer.args.jwt).toEqual({ issuer: expect.stringContaining("<Users.id>"), audiences: ["<Web.id>"] });
    const declared = prod.graph.httpRoutes.map((r) => ({
      key: r.key,
      handler: r.handler,
      authorizer: r.args.auth?.jwt?.authorizer,
    }));
    expect(declared).toEqual(
      HTTP_ROUTES.map((route) => ({
        key: `${route.method} ${route.path}`,
        handler: "<ApiFunction.arn>",
        authorizer: route.auth ? authorizer.id : undefined,
      })),
    );
    expect(HTTP_ROUTES.find((r) => r.path === "/health")?.auth).toBe(false);
  });

  it("the Hono app serves exactly HTTP_ROUTES, so the gateway and the app share one list", async () => {
    const { createApi } = await import("../../src/http/app");
    const app = createApi({ config: { stage: "test" } } as unknown as Deps);
    // One entry per handler in a route's chain (middleware included), so compare distinct routes.
    const served = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    expect([...served].sort()).toEqual(HTTP_ROUTES.map((r) => `${r.method} ${honoPath(r.path)}`).sort());
  });

  it("the WebSocket API has $connect, $disconnect and $default, each linking realtime, with its own table actions", () => {
    expect(prod.graph.wsRoutes.map((r) => [r.route, r.handler.handler])).toEqual([
      ["$connect", "packages/functions/src/ws.connect"],
      ["$disconnect", "packages/functions/src/ws.disconnect"],
      ["$default", "packages/functions/src/ws.message"],
    ]);
    for (const route of prod.graph.wsRoutes) expect(names(route.handler.link)).toEqual(["Realtime"]);
    const actions = (route: string) =>
      (prod.graph.wsRoutes.find((r) => r.route === route)!.handler.permissions as { actions: string[] }[]).flatMap(
        (p) => p.actions,
      );
    const grantedTo = (user: keyof typeof TABLE_ACCESS) => TABLE_ACCESS[user].map((a) => `dynamodb:${a}`).sort();
    expect(actions("$connect").sort()).toEqual(grantedTo("wsConnect"));
    expect(actions("$disconnect").sort()).toEqual(grantedTo("wsDisconnect"));
    expect(actions("$default").sort()).toEqual(grantedTo("wsMessage"));
  });

  it("the user pool signs in by email, and people sign up themselves and confirm the email", () => {
    const pool = prod.graph.get("sst.aws.CognitoUserPool", "Users");
    expect(pool.args.usernames).toEqual(["email"]);
    const args: Args = {};
    pool.args.transform.userPool(args);
    expect(args.autoVerifiedAttributes).toEqual(["email"]);
    expect(args.adminCreateUserConfig).toBeUndefined();
    // The policy the local twin enforces and the sign-up form states (core/auth).
    expect(args.passwordPolicy).toEqual(PASSWORD_POLICY);
  });

  it("the Cognito web client allows USER_PASSWORD_AUTH (what the local twin supports)", () => {
    const client = prod.graph.get("sst.aws.CognitoUserPoolClient", "Web");
    const args: Args = {};
    client.args.transform.client(args);
    expect(args.explicitAuthFlows).toContain("ALLOW_USER_PASSWORD_AUTH");
  });
});

describe("web", () => {
  /** Every VITE_* name the web app's source mentions: the list is read from the code, not copied. */
  function viteVarsInWebSource(): string[] {
    const dir = join(root, "packages/web/src");
    const found = new Set<string>();
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          for (const m of readFileSync(path, "utf8").matchAll(/\bVITE_[A-Z0-9_]+/g)) found.add(m[0]);
        }
      }
    };
    walk(dir);
    return [...found].sort();
  }

  it("the static site is packages/web and receives every env var the web app reads, from the resources", () => {
    const site = prod.graph.get("sst.aws.StaticSite", "Web");
    expect(relative(root, join(root, site.args.path))).toBe("packages/web");
    const wanted = viteVarsInWebSource();
    expect(wanted.length).toBeGreaterThan(0);
    expect(Object.keys(site.args.environment).sort()).toEqual(wanted);
    expect(site.args.environment).toMatchObject({
      VITE_API_URL: "<Api.url>",
      VITE_WS_URL: "<Realtime.url>",
      VITE_USER_POOL_ID: "<Users.id>",
      VITE_USER_POOL_CLIENT_ID: "<Web.id>",
    });
  });
});
