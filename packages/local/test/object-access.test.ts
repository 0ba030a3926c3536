import type { IncomingMessage } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import type { Result, SandboxRequest } from "@code-remote/core/execution";
import { createTable } from "@code-remote/core/store";
import { OBJECT_ACCESS, OBJECT_PREFIXES, type ObjectUser } from "../../../infra/object-access";
import { createApi } from "@code-remote/functions/api";
import type { DepsOverrides } from "@code-remote/functions/deps";
import { createWorkerHandler } from "@code-remote/functions/worker";
import { LOCAL_CREDENTIALS } from "../src/net";
import { authorizedCaller, useGrantsStack } from "./support/grants";

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

/** What OBJECT_ACCESS grants, in the recorder's terms: each action on each prefix. */
const granted = (user: ObjectUser) =>
  new Set(OBJECT_ACCESS[user].flatMap((action) => OBJECT_PREFIXES.map((prefix) => `${action} ${prefix}`)));

const grants = useGrantsStack();
const used = {} as Record<ObjectUser, Set<string>>;

/** Deps for one function: the stack's settings, its own recorded S3 endpoint. */
async function depsFor(user: ObjectUser, overrides: DepsOverrides = {}) {
  const bucket = grants.stack.bucketName;
  const s3Action = (req: IncomingMessage) => [actionOf(req.method ?? "", req.url ?? "/", bucket)];
  const { deps, used: recorded } = await grants.recordedDeps("s3", s3Action, overrides);
  used[user] = recorded;
  return deps;
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

describe("each function's object actions, measured against its grants", () => {
  it("the worker writes and deletes, the API reads and deletes, and only keys under traces/ and results/", async () => {
    const { stack } = grants;
    const token = await stack.user("object-grants");
    const nextDelivery = () => grants.nextDelivery(1);

    const apiDeps = await depsFor("api");
    const api = createApi(apiDeps);
    const claims = await apiDeps.verifier.verifyClaims(token);
    type JobBody = { job: { jobId: string; resultObject?: unknown; result?: { stdout: string } } };
    const call = authorizedCaller(api, claims);
    const submit = async (body: Record<string, unknown>) => {
      const submitted = await call<JobBody>("POST", "/execute", body);
      expect(submitted.status).toBe(202);
      return submitted.body.job.jobId;
    };

    // The worker: a trace run (its trace and its too-large result go to the bucket), then a job
    // cancelled while it ran (what the worker wrote for it is removed again).
    const dynamo = new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: stack.config.region,
      credentials: LOCAL_CREDENTIALS,
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
    const whole = await call<JobBody>("GET", `/jobs/${traced}`);
    expect(whole.body.job.resultObject).toBeDefined();
    expect(whole.body.job.result!.stdout.split("\n")).toHaveLength(10_001);
    expect((await call("GET", `/jobs/${traced}/trace`)).status).toBe(200);
    expect((await call("GET", "/jobs")).status).toBe(200); // the listing reads no object
    // DELETE /jobs/:id removes the deleted run's objects, its trace and its whole result.
    expect((await call("DELETE", `/jobs/${traced}`)).status).toBe(204);

    expect([...used.worker].sort()).toEqual([...granted("worker")].sort());
    expect([...used.api].sort()).toEqual([...granted("api")].sort());
    dynamo.destroy();
    expect(OBJECT_ACCESS).toEqual({ worker: ["PutObject", "DeleteObject"], api: ["GetObject", "DeleteObject"] });
  }, 120_000);
});
