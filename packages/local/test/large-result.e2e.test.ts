import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WS_QUOTAS } from "@code-remote/core/contract";
import { LIMIT_DEFAULTS, ResultSchema } from "@code-remote/core/execution";
import { COMPACT_STREAM_BYTES, JobSchema } from "@code-remote/core/job";
import { apiClient, type Socket } from "./support/client";
import { startTestStack, type TestStack } from "./support/stack";
import { StackStorage } from "./support/stack-storage";

// Results too large for a job's table item, end to end on the local stack: the worker stores the whole
// result as an object on fauxqs's S3 (results/<userId>/<jobId>.json), the item keeps a compact result
// and a pointer, the final push says it is partial, GET /jobs/:id returns every byte to the owner only,
// and the object goes when its job expires (the stack's stand-in for the bucket's lifecycle rule).
// The output limit (1 MiB a stream by default) cuts at a line boundary, through both sandbox drivers.

const SWEEP_MS = 250;
const utf8 = (text: string) => Buffer.byteLength(text);

// 10,000 short lines, ~520 KB: more than a job's table item holds (JOB_ITEM_BUDGET_BYTES).
const TEN_THOUSAND = "for i in range(10_000):\n    print(f'line {i:05d} ' + 'x' * 40)\n";
const TEN_THOUSAND_OUT = Array.from(
  { length: 10_000 },
  (_, i) => `line ${String(i).padStart(5, "0")} ${"x".repeat(40)}\n`,
).join("");
// 200,000 lines of 12 bytes: 2.4 MB, past the default limit.
const FLOOD = "for i in range(200_000):\n    print(f'row {i:07d}')\n";
const FLOOD_OUT = Array.from({ length: 200_000 }, (_, i) => `row ${String(i).padStart(7, "0")}\n`).join("");

interface Mode {
  stack: TestStack;
  api: ReturnType<typeof apiClient>;
  alice: { token: string; socket: Socket };
}

async function run(mode: Mode, body: Record<string, unknown>) {
  const submitted = await mode.api("/execute", { token: mode.alice.token, body });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const jobId = submitted.body.job.jobId as string;
  const { job: final } = await mode.alice.socket.waitForFinal(jobId, 60_000);
  const pushed = final as typeof final & { partial?: true };
  const fetched = await mode.api(`/jobs/${jobId}`, { token: mode.alice.token });
  expect(fetched.status).toBe(200);
  return { pushed, job: JobSchema.parse(fetched.body.job) };
}

function sandboxCases(get: () => Mode) {
  it("10,000 short lines: verdict ok, and GET /jobs/:id returns all of them", async () => {
    const { pushed, job } = await run(get(), { code: TEN_THOUSAND });
    expect(job.result).toMatchObject({ verdict: "ok", exitCode: 0, truncated: { stdout: false, stderr: false } });
    expect(job.result!.stdout).toBe(TEN_THOUSAND_OUT);
    expect(job.resultObject?.key).toMatch(new RegExp(`^results/[^/]+/${job.jobId}\\.json$`));
    // The final push carries what the item has, marked partial: the client fetches the whole job.
    expect(pushed.partial).toBe(true);
    expect(pushed.result?.verdict).toBe("ok");
  });

  it("output past the 1 MiB default ends output_limit, cut at a line boundary", async () => {
    const { job } = await run(get(), { code: FLOOD });
    expect(job.limits.outputBytes).toBe(LIMIT_DEFAULTS.outputBytes);
    expect(job.result).toMatchObject({ verdict: "output_limit", truncated: { stdout: true, stderr: false } });
    const stdout = job.result!.stdout;
    expect(stdout.endsWith("\n")).toBe(true);
    expect(FLOOD_OUT.startsWith(stdout)).toBe(true);
    expect(utf8(stdout)).toBeLessThanOrEqual(LIMIT_DEFAULTS.outputBytes);
    expect(utf8(stdout)).toBeGreaterThan(LIMIT_DEFAULTS.outputBytes - "row 0000000\n".length);
    expect(job.resultObject).toBeDefined();
  });
}

describe("large results (process sandbox)", () => {
  let mode: Mode;
  let storage: StackStorage;
  let bobToken: string;

  beforeAll(async () => {
    const stack = await startTestStack({ objectSweepMs: SWEEP_MS });
    mode = { stack, api: apiClient(stack.urls.api), alice: await stack.userWithSocket("alice-large") };
    bobToken = await stack.user("bob-large");
    storage = new StackStorage(stack, SWEEP_MS);
  }, 120_000);

  afterAll(async () => {
    storage?.destroy();
    await mode?.stack.stop();
  });

  sandboxCases(() => mode);

  describe("a result too large for the item", () => {
    let jobId: string;
    let key: string;

    it("is stored whole as an object; the item, the listing and the push keep a compact result", async () => {
      const { pushed, job } = await run(mode, { code: TEN_THOUSAND });
      jobId = job.jobId;
      key = job.resultObject!.key;
      const { contentType, text: stored } = await storage.readObject(key);
      expect(contentType).toBe("application/json");
      expect(utf8(stored)).toBe(job.resultObject!.bytes);
      expect(ResultSchema.parse(JSON.parse(stored)).stdout).toBe(TEN_THOUSAND_OUT);

      // The listing keeps the item's compact result: the first lines, cut at a line boundary.
      const listed = (await mode.api("/jobs", { token: mode.alice.token })).body.jobs.find(
        (j: { jobId: string }) => j.jobId === jobId,
      );
      expect(listed.resultObject).toEqual(job.resultObject);
      expect(listed.result.verdict).toBe("ok");
      expect(listed.result.stdout.endsWith("\n")).toBe(true);
      expect(TEN_THOUSAND_OUT.startsWith(listed.result.stdout)).toBe(true);
      expect(utf8(listed.result.stdout)).toBeLessThanOrEqual(COMPACT_STREAM_BYTES);
      expect(utf8(listed.result.stdout)).toBeGreaterThan(COMPACT_STREAM_BYTES - 60);

      // Every push of the job fitted one API Gateway message; the final one is the compact job, partial.
      const frames = mode.alice.socket.frames.filter((f) => f.type === "job" && f.job.jobId === jobId);
      for (const frame of frames) expect(utf8(JSON.stringify(frame))).toBeLessThanOrEqual(WS_QUOTAS.messageBytes);
      expect(pushed).toMatchObject({
        partial: true,
        resultObject: job.resultObject,
        result: { stdout: listed.result.stdout },
      });
    });

    it("another user gets 404 for the job, never its result", async () => {
      const other = await mode.api(`/jobs/${jobId}`, { token: bobToken });
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe("JOB_NOT_FOUND");
      expect(JSON.stringify(other.body)).not.toContain("line 00001");
    });

    it("its object is removed when the job expires", async () => {
      expect(await storage.objectExists(key)).toBe(true);
      expect(await storage.expireAndAwaitSweep(jobId, key)).toBe(true);
      expect((await mode.api(`/jobs/${jobId}`, { token: mode.alice.token })).status).toBe(404);
    });
  });

  it("a result that fits the item stays in it: no object, no pointer, the push is whole", async () => {
    const { pushed, job } = await run(mode, { code: "print('small')" });
    expect(job.result?.stdout).toBe("small\n");
    expect(job.resultObject).toBeUndefined();
    expect(pushed.partial).toBeUndefined();
    expect(await storage.objectExists(`results/${job.userId}/${job.jobId}.json`)).toBe(false);
  });
});

describe("large results through the Lambda sandbox (CR_SANDBOX=lambda: InvokeWithResponseStream)", () => {
  let mode: Mode;
  beforeAll(async () => {
    const stack = await startTestStack({ sandboxMode: "lambda" });
    mode = { stack, api: apiClient(stack.urls.api), alice: await stack.userWithSocket("alice-large-lambda") };
  }, 120_000);
  afterAll(() => mode?.stack.stop());
  sandboxCases(() => mode);
});
