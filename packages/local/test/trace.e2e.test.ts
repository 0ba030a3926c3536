import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TraceSchema } from "@code-remote/core/execution";
import { JobSchema } from "@code-remote/core/job";
import { S3ObjectStore } from "@code-remote/functions/adapters/s3-object-store";
import { apiClient, type Socket } from "./support/client";
import { startTestStack, type TestStack } from "./support/stack";
import { StackStorage } from "./support/stack-storage";

// Trace runs end to end on the local stack: POST /execute {mode: "trace"} → the worker → the real
// tracer in the sandbox → the trace stored as an object on fauxqs's S3 → GET /jobs/:id/trace, owner-only;
// the object goes when its job expires (the stack's stand-in for the bucket's lifecycle rule).
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let storage: StackStorage;
let alice: { token: string; socket: Socket };
let bobToken: string;

const SWEEP_MS = 250;

beforeAll(async () => {
  stack = await startTestStack({ objectSweepMs: SWEEP_MS });
  api = apiClient(stack.urls.api);
  alice = await stack.userWithSocket("alice-trace");
  bobToken = await stack.user("bob-trace");
  storage = new StackStorage(stack, SWEEP_MS);
});

afterAll(async () => {
  storage?.destroy();
  await stack?.stop();
});

const BUBBLE_SORT = [
  "xs = [3, 1, 2]",
  "ys = xs",
  "for i in range(len(xs)):",
  "    for j in range(len(xs) - 1 - i):",
  "        if xs[j] > xs[j + 1]:",
  "            xs[j], xs[j + 1] = xs[j + 1], xs[j]",
  "print(ys)",
].join("\n");

/** Submit as `who` through `client`, wait for the final push, and return the whole job from the API. */
async function runAs(
  client: ReturnType<typeof apiClient>,
  who: { token: string; socket: Socket },
  body: Record<string, unknown>,
  finalWithinMs: number,
) {
  const submitted = await client("/execute", { token: who.token, body });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const { job } = await who.socket.waitForFinal(submitted.body.job.jobId as string, finalWithinMs);
  expect(job.state).toBe("finished");
  // The push may be slim; the API's job is the whole one.
  const fetched = await client(`/jobs/${job.jobId}`, { token: who.token });
  expect(fetched.status).toBe(200);
  return JobSchema.parse(fetched.body.job);
}

const run = (body: Record<string, unknown>) => runAs(api, alice, body, 30_000);

describe("a trace run", () => {
  let jobId: string;
  let key: string;

  it("stores its trace in the bucket, keeps a pointer on the job, and leaves it out of the result", async () => {
    const job = await run({ code: BUBBLE_SORT, mode: "trace" });
    jobId = job.jobId;
    expect(job.mode).toBe("trace");
    expect(job.result?.verdict).toBe("ok");
    expect(job.result?.stdout).toBe("[1, 2, 3]\n");
    expect(job.result).not.toHaveProperty("trace");
    expect(job.trace).toBeDefined();
    key = job.trace!.key;
    expect(key).toMatch(new RegExp(`^traces/[^/]+/${jobId}\\.json$`));
    expect(job.trace!.steps).toBeGreaterThan(10);
    expect(job.trace!.truncated).toBe(false);

    const { contentType, text: stored } = await storage.readObject(key);
    expect(contentType).toBe("application/json");
    expect(Buffer.byteLength(stored)).toBe(job.trace!.bytes);
    expect(TraceSchema.parse(JSON.parse(stored)).steps).toHaveLength(job.trace!.steps);
  });

  it("its owner reads it through GET /jobs/:id/trace, and it is the run's trace", async () => {
    const response = await api(`/jobs/${jobId}/trace`, { token: alice.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(Object.keys(response.body)).toEqual(["trace"]);
    const trace = TraceSchema.parse(response.body.trace);
    expect(trace.truncated).toBe(false);
    // Every line the program has ran; the inner swap line ran once per swap of [3, 1, 2] (two).
    expect(
      Object.keys(trace.lineCounts)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(trace.lineCounts["6"]).toBe(2);
    const lineSteps = trace.steps.filter((s) => s.event === "line").map((s) => s.line);
    expect(lineSteps.slice(0, 3)).toEqual([1, 2, 3]);
    expect(lineSteps.at(-1)).toBe(7);
    // Aliasing stays visible: at the last step xs and ys are one list, by reference.
    const last = trace.steps.at(-1)!;
    const locals = Object.fromEntries(last.stack.at(-1)!.locals);
    expect(locals.xs).toEqual(locals.ys);
    expect(locals.xs).toMatchObject({ t: "ref" });
    const list = last.heap[(locals.xs as { id: string }).id];
    expect(list).toEqual({ t: "list", items: ["1", "2", "3"].map((v) => ({ t: "int", v })) });
  });

  it("another user gets the 404 GET /jobs/:id gives them, never the trace", async () => {
    const trace = await api(`/jobs/${jobId}/trace`, { token: bobToken });
    const job = await api(`/jobs/${jobId}`, { token: bobToken });
    expect(trace.status).toBe(404);
    expect(trace.body).toEqual(job.body);
    expect(trace.body.error.code).toBe("JOB_NOT_FOUND");
    // And without a token the authorizer refuses before the function runs.
    expect((await api(`/jobs/${jobId}/trace`)).status).toBe(401);
  });

  it("its object is removed when the job expires, and the sweep leaves live jobs' objects alone", async () => {
    const other = await run({ code: "x = 1\nprint(x)", mode: "trace" });
    expect(await storage.objectExists(key)).toBe(true);
    expect(await storage.expireAndAwaitSweep(jobId, key)).toBe(true);
    expect((await api(`/jobs/${jobId}/trace`, { token: alice.token })).body.error.code).toBe("JOB_NOT_FOUND");
    // The other trace run is still live: its object stays, through more sweeps.
    await stack.sweepObjects();
    expect(await storage.objectExists(other.trace!.key)).toBe(true);
    expect((await api(`/jobs/${other.jobId}/trace`, { token: alice.token })).status).toBe(200);
  });

  it("an object no job points at is removed by the sweep (a job cancelled after its trace was written)", async () => {
    const orphan = `traces/someone/${"0".repeat(26)}.json`;
    await storage.s3.send(
      new PutObjectCommand({ Bucket: stack.bucketName, Key: orphan, Body: "{}", ContentType: "application/json" }),
    );
    expect(await stack.sweepObjects()).toContain(orphan);
    expect(await storage.objectExists(orphan)).toBe(false);
  });
});

describe("a normal run", () => {
  it("has no trace: no pointer, no object, and GET /jobs/:id/trace is a 404 NOT_FOUND that says why", async () => {
    const job = await run({ code: "print(6 * 7)" });
    expect(job.mode).toBe("run");
    expect(job.result?.stdout).toBe("42\n");
    expect(job.trace).toBeUndefined();
    expect(job.result).not.toHaveProperty("trace");
    expect(await storage.objectExists(`traces/${job.userId}/${job.jobId}.json`)).toBe(false);
    const response = await api(`/jobs/${job.jobId}/trace`, { token: alice.token });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("NOT_FOUND");
    expect(response.body.error.message).toMatch(/not a trace run/);
  });
});

describe("POST /execute with a mode", () => {
  it("trace mode with test cases is a 400 naming the field; an unknown mode is a 400", async () => {
    const both = await api("/execute", {
      token: alice.token,
      body: { code: "print(input())", mode: "trace", tests: [{ stdin: "1", expected: "1" }] },
    });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ code: "VALIDATION_FAILED", field: "mode" });
    expect(both.body.error.message).toMatch(/trace run takes stdin, not test cases/);
    const unknown = await api("/execute", { token: alice.token, body: { code: "print(1)", mode: "debug" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "VALIDATION_FAILED", field: "mode" });
  });
});

describe("the S3 twin refuses what S3 refuses", () => {
  it("an unknown bucket is NoSuchBucket for a put and a get, not an empty answer", async () => {
    const store = new S3ObjectStore(storage.s3, "no-such-bucket-here");
    await expect(store.put("traces/x/y.json", "{}", { contentType: "application/json" })).rejects.toMatchObject({
      name: "NoSuchBucket",
    });
    await expect(store.get("traces/x/y.json")).rejects.toMatchObject({ name: "NoSuchBucket" });
    // A missing key in our bucket is "no object", which the route turns into a 404.
    expect(await new S3ObjectStore(storage.s3, stack.bucketName).get("traces/x/missing.json")).toBeUndefined();
  });
});

// The same runs through the Lambda sandbox (CR_SANDBOX=lambda): the worker invokes the function with
// InvokeWithResponseStream, the image's own runtime loop runs the tracer in the job child as uid 993
// under the Lambda-faithful layers, and the trace comes back inside the streamed result.
describe("trace runs through the Lambda sandbox (CR_SANDBOX=lambda)", () => {
  let lambda: TestStack;
  let lambdaApi: ReturnType<typeof apiClient>;
  let carol: { token: string; socket: Socket };

  beforeAll(async () => {
    lambda = await startTestStack({ sandboxMode: "lambda" });
    lambdaApi = apiClient(lambda.urls.api);
    carol = await lambda.userWithSocket("carol-trace-lambda");
  }, 120_000);
  afterAll(() => lambda?.stop());

  const runThere = (body: Record<string, unknown>) => runAs(lambdaApi, carol, body, 60_000);

  it("a bubble sort's trace is stored, read by its owner, and is the same trace the process sandbox records", async () => {
    const job = await runThere({ code: BUBBLE_SORT, mode: "trace" });
    expect(job.result).toMatchObject({ verdict: "ok", stdout: "[1, 2, 3]\n" });
    expect(job.trace?.key).toMatch(new RegExp(`^traces/[^/]+/${job.jobId}\\.json$`));
    const there = TraceSchema.parse((await lambdaApi(`/jobs/${job.jobId}/trace`, { token: carol.token })).body.trace);
    // The reference: the same program traced by the process sandbox in this file's other stack.
    const here = await run({ code: BUBBLE_SORT, mode: "trace" });
    const reference = TraceSchema.parse((await api(`/jobs/${here.jobId}/trace`, { token: alice.token })).body.trace);
    const shape = (trace: typeof there) =>
      trace.steps.map((step) => ({ event: step.event, line: step.line, depth: step.stack.length }));
    expect(shape(there)).toEqual(shape(reference));
    expect(there.lineCounts).toEqual(reference.lineCounts);
    expect(there.truncated).toBe(false);
    const last = there.steps.at(-1)!;
    const locals = Object.fromEntries(last.stack.at(-1)!.locals);
    expect(locals.xs).toEqual(locals.ys);
    expect(last.heap[(locals.xs as { id: string }).id]).toEqual({
      t: "list",
      items: ["1", "2", "3"].map((v) => ({ t: "int", v })),
    });
  });

  it("a program past the step budget: complete output, a trace cut at 1,000 steps that says so, verdict ok", async () => {
    const code = "total = 0\nfor i in range(200_000):\n    total += i\nprint(total)\n";
    const job = await runThere({ code, mode: "trace" });
    expect(job.result).toMatchObject({ verdict: "ok", stdout: `${(199_999 * 200_000) / 2}\n` });
    expect(job.trace).toMatchObject({ steps: 1000, truncated: true });
    const trace = TraceSchema.parse((await lambdaApi(`/jobs/${job.jobId}/trace`, { token: carol.token })).body.trace);
    expect(trace.steps).toHaveLength(1000);
    expect(trace.truncated).toBe(true);
    expect(trace.stoppedAt).toBe(1000);
    // Line counts keep counting after the steps stop: the loop body ran every time.
    expect(trace.lineCounts["3"]).toBe(200_000);
  });

  it("heat maps come back through the stream: counted when asked for, sampled on any other run", async () => {
    const code = "s = 0\nfor i in range(1000):\n    s += i\nprint(s)\n";
    const counted = await runThere({ code, profile: true });
    expect(counted.result?.stdout).toBe("499500\n");
    const lines = Object.fromEntries((counted.result?.profile ?? []).map((entry) => [entry.line, entry.hits]));
    expect(lines[3]).toBe(1000);
    expect(counted.trace).toBeUndefined();
    expect(counted.result?.lineSamples).toBeUndefined();
    // ~0.3 s of CPU in one loop: its samples land on the loop's lines, all on lines of the program. A
    // tick can be taken at line 1 or 4 (Python handles a signal where it next checks for one), so the
    // loop holds most of them, not every one.
    const sampled = await runThere({ code: "s = 0\nfor i in range(3_000_000):\n    s += i\nprint(s)\n" });
    expect(sampled.result?.profile).toBeUndefined();
    const entries = sampled.result?.lineSamples ?? [];
    expect(entries.every((entry) => entry.line >= 1 && entry.line <= 4)).toBe(true);
    const total = entries.reduce((sum, entry) => sum + entry.samples, 0);
    const inLoop = entries.filter((entry) => entry.line === 2 || entry.line === 3);
    expect(total).toBeGreaterThan(0);
    expect(inLoop.reduce((sum, entry) => sum + entry.samples, 0)).toBeGreaterThanOrEqual(0.9 * total);
  });
});
