import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PASSWORD_POLICY } from "@code-remote/core/auth";
import { JOB_TTL_SECONDS, resultKeyOf, traceKeyOf } from "@code-remote/core/job";
import type { Deps } from "../../src/deps";
import { LINKED_SETTINGS } from "../../src/config-source";
import { HTTP_ROUTES } from "../../src/http/routes";
import { WORKER_TIMEOUT_SECONDS } from "../../src/worker-settings";
import { TABLE_ACCESS } from "../../../../infra/table-access";
import { OBJECT_PREFIXES } from "../../../../infra/object-access";
import { evaluate, root } from "./evaluate-config";
import type { Args, Graph } from "./sst-recorder";
import { handlerArgs, honoPath, names, seconds, useProdGraph } from "./wiring";

// Evaluates sst.config.ts's real run() with recording stand-ins for SST and asserts the graph it
// builds: what would be deployed, checked without an AWS account.
// The functions' permissions and the README's tables of them: wiring-permissions.test.ts.

const prod = useProdGraph();

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
    await prod.evaluateAgain();
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
