import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JOB_WALL_BUDGET_MS, LIMIT_MAXIMA } from "@code-remote/core/execution";
import { GEMINI_TIMEOUT_MS } from "../../src/adapters/gemini-analyzer";
import { STATIC_ANALYZER_LIMITS } from "../../src/adapters/sandbox-static-analyzer";
import { WORKER_BATCH_SIZE, WORKER_TIMEOUT_SECONDS } from "../../src/worker-settings";
import { CAPACITY } from "../../../../infra/capacity";
import { TABLE_ACCESS } from "../../../../infra/table-access";
import { OBJECT_ACCESS } from "../../../../infra/object-access";
import { root } from "./evaluate-config";
import type { Args } from "./sst-recorder";
import { handlerArgs, names, OBJECT_RESOURCES, seconds, useProdGraph } from "./wiring";

// Evaluates sst.config.ts's real run() with recording stand-ins for SST and asserts the graph it
// builds: what would be deployed, checked without an AWS account.
// This part: what each function may do (links, table and bucket grants, concurrency, the sandbox's
// network), and the README's tables that state it. The rest of the graph: wiring.test.ts.

const prod = useProdGraph();

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
    // Sized for the limits: a job's whole time budget (all its runs, each within the longest wall
    // limit) with room to fork and report, the largest memory limit.
    expect(LIMIT_MAXIMA.wallMs).toBeLessThanOrEqual(JOB_WALL_BUDGET_MS);
    expect(seconds(sandbox.args.timeout)).toBeGreaterThan(JOB_WALL_BUDGET_MS / 1000);
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
