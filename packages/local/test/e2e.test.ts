import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, Socket } from "./support/client";
import { sharedTestStack } from "./support/shared-stack";
import { startTestStack, type TestStack } from "./support/stack";

// The walking skeleton through real boundaries: cognito-local JWTs, HTTP to the Hono app,
// SQS via fauxqs, the worker loop, real Python in the sandbox, frames over a real WebSocket.
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let tokenA: string;
let tokenB: string;
let socketA: Socket;

beforeAll(async () => {
  stack = await sharedTestStack();
  api = apiClient(stack.urls.api);
  tokenA = (await stack.signIn(stack.auth.demoUser.username, stack.auth.demoUser.password)).idToken;
  tokenB = await stack.user("bob");
  socketA = await Socket.open(stack.urls.ws, tokenA);
});

afterAll(async () => {
  socketA?.close();
  await stack?.stop();
});

async function submit(body: unknown, token = tokenA) {
  const response = await api("/execute", { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body.job as { jobId: string; state: string };
}

/** What the lifecycle cases need from a running stack: a signed-in user's submit and socket. */
interface Lifecycle {
  submit(body: unknown): Promise<{ jobId: string; state: string }>;
  socket: Socket;
  api: ReturnType<typeof apiClient>;
  token: string;
}

/**
 * A job's life end to end: the same cases against the local pool and, as the cloud runs jobs,
 * against the Lambda sandbox (CR_SANDBOX=lambda: the LambdaSandbox adapter and the AWS SDK, a local
 * Lambda Invoke endpoint, runner/handler.py in the Lambda-faithful mode).
 */
function lifecycleCases(ctx: () => Lifecycle) {
  it("runs print('hi') and pushes queued → running → finished over the WebSocket", async () => {
    const { submit, socket, api, token } = ctx();
    const job = await submit({ code: 'print("hi")' });
    expect(job.state).toBe("queued");
    const { job: final } = await socket.waitForFinal(job.jobId, 30_000);
    expect(final.state).toBe("finished");
    expect(final.result?.verdict).toBe("ok");
    expect(final.result?.stdout).toBe("hi\n");
    expect(socket.jobStates(job.jobId)).toEqual(["running", "finished"]);

    const fetched = await api(`/jobs/${job.jobId}`, { token });
    expect(fetched.status).toBe(200);
    expect(fetched.body.job).toMatchObject({
      jobId: job.jobId,
      state: "finished",
      result: { verdict: "ok", stdout: "hi\n" },
    });
    expect(fetched.body.job.result.usage.wallMs).toBeGreaterThan(0);
  });

  it("feeds stdin to the program", async () => {
    const { submit, socket } = ctx();
    const job = await submit({ code: "import sys\nprint(sys.stdin.read().upper())", stdin: "abc" });
    const { job: final } = await socket.waitForFinal(job.jobId);
    expect(final.result?.stdout).toBe("ABC\n");
  });

  it("reports a Python exception as runtime_error at the user's line", async () => {
    const { submit, socket } = ctx();
    const job = await submit({ code: "x = 1\ny = 2\nraise ValueError('boom')\n" });
    const { job: final } = await socket.waitForFinal(job.jobId);
    expect(final.result?.verdict).toBe("runtime_error");
    expect(final.result?.error).toMatchObject({ type: "ValueError", message: "boom", line: 3 });
    expect(final.result?.stderr).toContain("line 3");
  });

  it("stops an infinite loop with time_limit within its limit + 1 s", async () => {
    const { submit, socket } = ctx();
    const job = await submit({ code: "while True:\n    pass\n", limits: { wallMs: 1000 } });
    const { job: final } = await socket.waitForFinal(job.jobId, 20_000);
    expect(final.result?.verdict).toBe("time_limit");
    expect(final.result!.usage.wallMs).toBeLessThanOrEqual(2000);
    expect(final.finishedAt! - final.startedAt!).toBeLessThanOrEqual(2000);
  });

  it("runs the program once per test case and says which passed", async () => {
    const { submit, socket } = ctx();
    const tests = [
      { stdin: "2", expected: "4" },
      { stdin: "5", expected: "10" },
      { stdin: "7", expected: "15" },
    ];
    const job = await submit({ code: "print(int(input()) * 2)", tests });
    const { job: final } = await socket.waitForFinal(job.jobId);
    expect(final.result?.tests?.map((t) => [t.actual, t.passed])).toEqual([
      ["4\n", true],
      ["10\n", true],
      ["14\n", false],
    ]);
  });
}

describe("a job end to end (local pool)", () => {
  lifecycleCases(() => ({ submit, socket: socketA, api, token: tokenA }));
});

describe("a job end to end through the Lambda sandbox (CR_SANDBOX=lambda)", () => {
  let lambdaStack: TestStack;
  let context: Lifecycle;

  beforeAll(async () => {
    lambdaStack = await startTestStack({ sandboxMode: "lambda" });
    const lambdaApi = apiClient(lambdaStack.urls.api);
    const { token, socket } = await lambdaStack.userWithSocket("lambda-e2e");
    context = {
      api: lambdaApi,
      token,
      socket,
      async submit(body) {
        const response = await lambdaApi("/execute", { token, body });
        expect(response.status, JSON.stringify(response.body)).toBe(202);
        return response.body.job;
      },
    };
  }, 120_000);
  afterAll(() => lambdaStack?.stop());

  it("sends jobs to the sandbox function through the Invoke endpoint, where they run as Lambda's user", async () => {
    expect(lambdaStack.env).toMatchObject({
      CR_LAMBDA_ENDPOINT: lambdaStack.urls.lambda,
      CR_SANDBOX_FUNCTION: expect.any(String),
    });
    const job = await context.submit({ code: "import os\nprint(os.getuid(), os.getcwd().startswith('/tmp/'))" });
    const { job: final } = await context.socket.waitForFinal(job.jobId, 30_000);
    expect(final.result).toMatchObject({ verdict: "ok", stdout: "993 True\n" });
  });

  lifecycleCases(() => context);
});

describe("a job at every maximum at once", () => {
  it("64 KiB of code and stdin, 256 KiB on both streams: it finishes, its whole result stored as an object", async () => {
    const code = `import sys\nsys.stdout.write("o" * 262144)\nsys.stderr.write("e" * 262144)\n# ${"p".repeat(60 * 1024)}\n`;
    const job = await submit({ code, stdin: "i".repeat(60 * 1024), limits: { outputBytes: 262_144 } });
    const { job: final } = await socketA.waitForFinal(job.jobId, 30_000);
    // The whole job is ~650 KB and API Gateway refuses a message over 128 KB: the push is slim.
    expect(final).toMatchObject({ state: "finished", partial: true, code: "", stdin: "" });
    expect(final.result).toMatchObject({
      verdict: "ok",
      stdout: "",
      stderr: "",
      truncated: { stdout: false, stderr: false },
    });
    const stored = (await api(`/jobs/${job.jobId}`, { token: tokenA })).body.job;
    expect(stored.partial).toBeUndefined();
    expect(stored.code).toBe(code);
    expect(stored.resultObject).toMatchObject({ key: `results/${stored.userId}/${job.jobId}.json` });
    // Nothing was cut to fit the table item: GET /jobs/:id has every byte.
    expect(stored.result.stdout).toBe("o".repeat(262_144));
    expect(stored.result.stderr).toBe("e".repeat(262_144));
    expect(stored.result.message).toBeUndefined();
  });
});

describe("cancel", () => {
  it("cancels a running job: the child is killed and the owner is told", async () => {
    const job = await submit({ code: "while True:\n    pass\n", limits: { wallMs: 20_000 } });
    await socketA.waitFor(
      (f): f is { type: "job"; job: never } =>
        f.type === "job" && f.job.jobId === job.jobId && f.job.state === "running",
    );
    const started = performance.now();
    const response = await api(`/jobs/${job.jobId}/cancel`, { token: tokenA, method: "POST" });
    expect(response.status).toBe(200);
    expect(response.body.job).toMatchObject({ state: "cancelled", reason: expect.any(String) });
    const { job: final } = await socketA.waitForFinal(job.jobId);
    expect(final.state).toBe("cancelled");
    // The runner is free again well before the 20 s limit: the next job runs at once.
    const next = await submit({ code: "print('after')" });
    const { job: after } = await socketA.waitForFinal(next.jobId);
    expect(after.result?.stdout).toBe("after\n");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await api(`/jobs/${job.jobId}`, { token: tokenA })).body.job.state).toBe("cancelled");
  });

  it("a finished job cannot be cancelled (409); another user's job is 404", async () => {
    const job = await submit({ code: "print(1)" });
    await socketA.waitForFinal(job.jobId);
    const again = await api(`/jobs/${job.jobId}/cancel`, { token: tokenA, method: "POST" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("CONFLICT");
    const asB = await api(`/jobs/${job.jobId}/cancel`, { token: tokenB, method: "POST" });
    expect(asB.status).toBe(404);
  });
});

describe("jobs belong to their owner", () => {
  it("every route and the WebSocket with B's token against A's job give 404, never data", async () => {
    const socketB = await Socket.open(stack.urls.ws, tokenB);
    const job = await submit({ code: "import time\ntime.sleep(0.3)\nprint(1)" });
    const asBCancel = await api(`/jobs/${job.jobId}/cancel`, { token: tokenB, method: "POST" });
    expect(asBCancel.status).toBe(404);
    expect(JSON.stringify(asBCancel.body)).not.toContain(job.jobId);
    await socketA.waitForFinal(job.jobId);
    expect((await api(`/jobs/${job.jobId}`, { token: tokenA })).body.job.state).toBe("finished");
    socketB.ws.send(JSON.stringify({ action: "ping" }));
    await socketB.waitFor((f): f is { type: "pong" } => f.type === "pong");
    expect(socketB.frames.filter((f) => f.type === "job")).toHaveLength(0);
    socketB.close();
  });

  it("a job of user A is 404 for user B, and absent from B's list", async () => {
    const job = await submit({ code: "print(1)" });
    const asB = await api(`/jobs/${job.jobId}`, { token: tokenB });
    expect(asB.status).toBe(404);
    expect(asB.body).toEqual({ error: { code: "JOB_NOT_FOUND", message: expect.any(String) } });
    const listB = await api("/jobs", { token: tokenB });
    expect(listB.status).toBe(200);
    expect(listB.body.jobs.map((j: { jobId: string }) => j.jobId)).not.toContain(job.jobId);
  });

  it("lists a user's jobs newest first, page by page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit({ code: `print(${i})` }, tokenB)).jobId);
    const first = await api("/jobs?limit=2", { token: tokenB });
    expect(first.status).toBe(200);
    expect(first.body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([ids[2], ids[1]]);
    expect(first.body.cursor).toEqual(expect.any(String));
    const second = await api(`/jobs?limit=2&cursor=${encodeURIComponent(first.body.cursor)}`, { token: tokenB });
    expect(second.body.jobs.map((j: { jobId: string }) => j.jobId)[0]).toBe(ids[0]);
  });

  it("a listing leaves a job's figures out and counts them; the job itself has them", async () => {
    const code =
      "import matplotlib.pyplot as plt\nfor k in range(2):\n    plt.figure(); plt.plot([1, k]); plt.show()\nprint('plotted')";
    const job = await submit({ code });
    const { job: final } = await socketA.waitForFinal(job.jobId);
    expect(final.result?.stdout, JSON.stringify(final.result)).toBe("plotted\n");
    expect(final.result?.images).toHaveLength(2);
    const { body: list } = await api("/jobs?limit=5", { token: tokenA });
    const listed = list.jobs.find((j: { jobId: string }) => j.jobId === job.jobId);
    expect(listed.result.images).toBeUndefined();
    expect(listed.result).toMatchObject({ verdict: "ok", stdout: "plotted\n", omittedImages: 2 });
    const { body: detail } = await api(`/jobs/${job.jobId}`, { token: tokenA });
    expect(detail.job.result.images.map((i: { mime: string }) => i.mime)).toEqual(["image/png", "image/png"]);
    expect(detail.job.result.omittedImages).toBeUndefined();
    // A job without figures is listed whole.
    const plain = list.jobs.find(
      (j: { result?: { images?: unknown } }) => j.result && !j.result.images && !("omittedImages" in j.result),
    );
    expect(plain).toBeDefined();
  });
});

describe("authentication", () => {
  it.each([
    ["no header", {}],
    ["an empty bearer", { authorization: "Bearer " }],
    ["garbage", { authorization: "Bearer not.a.jwt" }],
    ["a basic scheme", { authorization: "Basic dXNlcjpwYXNz" }],
  ])("%s is 401 from the JWT authorizer, as API Gateway answers it", async (_name, headers) => {
    const response = await api("/jobs", { headers });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: "Unauthorized" });
  });

  it("a token with a forged signature is 401", async () => {
    const [header, payload] = tokenA.split(".");
    const forged = `${header}.${payload}.${Buffer.from("forged").toString("base64url")}`;
    expect((await api("/jobs", { token: forged })).status).toBe(401);
  });

  it("the WebSocket refuses a connection without a valid token", async () => {
    await expect(Socket.open(stack.urls.ws, undefined)).rejects.toThrow(/401/);
    await expect(Socket.open(stack.urls.ws, "nope")).rejects.toThrow(/401/);
  });

  it("health needs no token", async () => {
    const response = await api("/health");
    expect(response.status).toBe(200);
    expect(response.body.status).toBe("ok");
  });
});

describe("bad input gets a clear error", () => {
  it.each([
    ["invalid JSON", { rawBody: "{nope", headers: { "content-type": "application/json" } }, 400, "BAD_REQUEST"],
    ["no code", { body: {} }, 400, "VALIDATION_FAILED"],
    ["code too large", { body: { code: "x".repeat(64 * 1024 + 1) } }, 413, "CODE_TOO_LARGE"],
    ["limit above its maximum", { body: { code: "x", limits: { wallMs: 999_999 } } }, 400, "VALIDATION_FAILED"],
    ["body above 256 KiB", { rawBody: JSON.stringify({ code: "x".repeat(300 * 1024) }) }, 413, "PAYLOAD_TOO_LARGE"],
  ])("%s", async (_name, options, status, code) => {
    const response = await api("/execute", { token: tokenA, method: "POST", ...options });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toEqual(expect.any(String));
  });

  // JSON carries a lone surrogate ("\ud800"); UTF-8, the sandbox and the table cannot: refused here, once,
  // instead of a job that fails as internal_error on every attempt.
  it.each([
    ["code", { code: "print('\ud800')" }],
    ["stdin", { code: "print(input())", stdin: "a\udfffb" }],
    [
      "tests.1.expected",
      {
        code: "print(input())",
        tests: [
          { stdin: "1", expected: "1" },
          { stdin: "2", expected: "\udbff" },
        ],
      },
    ],
    ["tests.0.stdin", { code: "print(input())", tests: [{ stdin: "\ud83d", expected: "x" }] }],
  ])("text UTF-8 cannot encode in %s is a 400 UNENCODABLE_TEXT naming the field", async (field, body) => {
    const response = await api("/execute", { token: tokenA, body });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "UNENCODABLE_TEXT", field });
    expect(response.body.error.message).toMatch(new RegExp(`^${field.replace(/\./g, "\\.")}: `));
    const analyze = await api("/analyze", { token: tokenA, body: { code: "x = '\udc00'" } });
    expect([analyze.status, analyze.body.error?.code]).toEqual([400, "UNENCODABLE_TEXT"]);
  });

  it("names the bad limit", async () => {
    const response = await api("/execute", { token: tokenA, body: { code: "x", limits: { memoryMb: 5000 } } });
    expect(response.body.error.field).toBe("limits.memoryMb");
  });

  it("an undeclared route is API Gateway's 404; an unknown job id is a 404 with a code", async () => {
    expect(await api("/nope", { token: tokenA })).toMatchObject({ status: 404, body: { message: "Not Found" } });
    expect((await api("/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV", { token: tokenA })).body.error.code).toBe("JOB_NOT_FOUND");
    expect((await api("/jobs/not-a-ulid", { token: tokenA })).status).toBe(404);
  });

  it("answers ping with pong", async () => {
    socketA.ws.send(JSON.stringify({ action: "ping" }));
    await socketA.waitFor((f): f is { type: "pong" } => f.type === "pong");
  });
});
