import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_STREAMED_RESPONSE_BYTES, RuntimeApiTwin, type RuntimeInvocation } from "../src/lambda-runtime-api";
import { resolvePython } from "../src/python";

/**
 * runner/runtime.py, the image's entry point, against the local Runtime API twin: the loop's
 * requests (next, streamed response, error trailers, invocation error, init error) as AWS's pages
 * describe them. The functions here are small test handlers; the real handler streams through the
 * same loop in lambda-faithful.test.ts.
 */
const RUNTIME = fileURLToPath(new URL("../runner/runtime.py", import.meta.url));
const python = resolvePython();
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const HANDLERS = `
import time

def stream(event, context):
    for i in range(event["count"]):
        context.send({"type": "output", "stream": "stdout", "data": f"{i}\\n"})
        time.sleep(event["pause"])
    return {"type": "result", "done": True, "request": context.aws_request_id}

def fail_midway(event, context):
    context.send({"type": "output", "stream": "stdout", "data": "before\\n"})
    raise RuntimeError("boom after the first line")

def fail_first(event, context):
    raise KeyError("nothing sent yet")

def not_json(event, context):
    return {"type": "result", "value": object()}

def flood(event, context):
    megabyte = "x" * (1024 * 1024)
    for _ in range(event["megabytes"]):
        context.send({"type": "output", "stream": "stdout", "data": megabyte})
    return {"type": "result"}
`;

async function startRuntime(
  handler: string,
  module = HANDLERS,
): Promise<{ twin: RuntimeApiTwin; child: ChildProcess; exited: Promise<number | null>; log: () => string }> {
  const root = mkdtempSync(join(tmpdir(), "runtime-test-"));
  writeFileSync(join(root, "functions.py"), module);
  const twin = new RuntimeApiTwin();
  const address = await twin.listen();
  const child = spawn(python, [RUNTIME, handler], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LAMBDA_TASK_ROOT: root, AWS_LAMBDA_RUNTIME_API: address },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  cleanup.push(() => rmSync(root, { recursive: true, force: true }));
  cleanup.push(() => twin.close());
  cleanup.push(() => {
    child.kill("SIGKILL");
  });
  return { twin, child, exited, log: () => log };
}

const invocation = (payload: unknown): RuntimeInvocation => ({
  requestId: randomUUID(),
  deadlineMs: Date.now() + 30_000,
  functionArn: "arn:aws:lambda:us-east-1:123456789012:function:test",
  payload: typeof payload === "string" ? payload : JSON.stringify(payload),
});

const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("runner/runtime.py against the Runtime API twin", () => {
  it("streams each line as the handler sends it, the return value last, then takes the next invocation", async () => {
    const { twin } = await startRuntime("functions.stream");
    await twin.initialized;
    const arrivals: Array<{ at: number; text: string }> = [];
    const started = performance.now();
    const first = invocation({ count: 4, pause: 0.3 });
    const end = await twin.invoke(first, (chunk) =>
      arrivals.push({ at: performance.now() - started, text: chunk.toString() }),
    );
    expect(end).toMatchObject({ kind: "response", streamed: true });
    if (end.kind !== "response") throw new Error("unreachable");
    expect(lines(end.body)).toEqual([
      ...[0, 1, 2, 3].map((i) => ({ type: "output", stream: "stdout", data: `${i}\n` })),
      { type: "result", done: true, request: first.requestId },
    ]);
    // Each line came on its own, as it was sent: the first long before the end.
    const outputs = arrivals.filter((a) => a.text.includes('"output"'));
    expect(outputs).toHaveLength(4);
    expect(outputs.at(-1)!.at - outputs[0]!.at).toBeGreaterThanOrEqual(800);
    expect(arrivals.at(-1)!.at - outputs[0]!.at).toBeGreaterThanOrEqual(1100);
    // The same environment serves the next invocation.
    const second = await twin.invoke(invocation({ count: 1, pause: 0 }));
    expect(second.kind === "response" && lines(second.body).at(-1)).toMatchObject({ type: "result", done: true });
  });

  it("a failure after the stream began ends it with the error trailers; the lines before it arrived", async () => {
    const { twin } = await startRuntime("functions.fail_midway");
    const chunks: string[] = [];
    const end = await twin.invoke(invocation({}), (chunk) => chunks.push(chunk.toString()));
    expect(chunks.join("")).toBe('{"type": "output", "stream": "stdout", "data": "before\\n"}\n');
    expect(end).toMatchObject({ kind: "error", errorType: "RuntimeError", streamed: true });
    if (end.kind !== "error") throw new Error("unreachable");
    expect(JSON.parse(end.document)).toMatchObject({
      errorType: "RuntimeError",
      errorMessage: "boom after the first line",
      stackTrace: expect.any(Array),
    });
    // Still warm: the next invocation is answered.
    const next = await twin.invoke(invocation({}));
    expect(next).toMatchObject({ kind: "error", errorType: "RuntimeError", streamed: true });
  });

  it("a failure before any line is an invocation error (POST .../error), not a stream", async () => {
    const { twin } = await startRuntime("functions.fail_first");
    const chunks: Buffer[] = [];
    const end = await twin.invoke(invocation({}), (chunk) => chunks.push(chunk));
    expect(chunks).toEqual([]);
    expect(end).toMatchObject({ kind: "error", errorType: "KeyError", streamed: false });
  });

  it("an event that is not JSON is Runtime.UnmarshalError; a result that is not JSON is Runtime.MarshalError", async () => {
    const { twin } = await startRuntime("functions.not_json");
    expect(await twin.invoke(invocation("{not json"))).toMatchObject({
      kind: "error",
      errorType: "Runtime.UnmarshalError",
      streamed: false,
    });
    expect(await twin.invoke(invocation({}))).toMatchObject({
      kind: "error",
      errorType: "Runtime.MarshalError",
      streamed: false,
    });
  });

  it("a handler module that fails to import is an init error (POST /runtime/init/error), then the runtime exits", async () => {
    const { twin, exited } = await startRuntime("functions.stream", "raise ImportError('no such thing')\n");
    const document = await twin.initialized.then(
      () => null,
      (error: string) => JSON.parse(error) as Record<string, unknown>,
    );
    expect(document).toMatchObject({ errorType: "Runtime.ImportModuleError", errorMessage: "no such thing" });
    expect(await exited).toBe(1);
  });

  it("a handler name that does not exist in its module is Runtime.HandlerNotFound", async () => {
    const { twin, exited } = await startRuntime("functions.missing");
    await expect(twin.initialized).rejects.toMatch(/Runtime\.HandlerNotFound/);
    expect(await exited).toBe(1);
  });

  it("a streamed response past 20 MB ends the invocation as Function.ResponseSizeTooLarge", async () => {
    const { twin } = await startRuntime("functions.flood");
    let received = 0;
    const end = await twin.invoke(invocation({ megabytes: 21 }), (chunk) => (received += chunk.length));
    expect(end).toMatchObject({ kind: "error", errorType: "Function.ResponseSizeTooLarge", streamed: true });
    expect(received).toBeLessThanOrEqual(MAX_STREAMED_RESPONSE_BYTES);
    expect(received).toBeGreaterThan(MAX_STREAMED_RESPONSE_BYTES - 2 * 1024 * 1024);
  });

  it("a buffered response past 6 MB is a 413 to the runtime and Function.ResponseSizeTooLarge to the caller", async () => {
    const twin = new RuntimeApiTwin();
    const address = await twin.listen();
    cleanup.push(() => twin.close());
    const ended = twin.invoke(invocation({}));
    const next = await fetch(`http://${address}/2018-06-01/runtime/invocation/next`);
    const requestId = next.headers.get("lambda-runtime-aws-request-id");
    await next.text();
    const response = await fetch(`http://${address}/2018-06-01/runtime/invocation/${requestId}/response`, {
      method: "POST",
      body: "x".repeat(6 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errorType: "RequestEntityTooLarge" });
    expect(await ended).toMatchObject({ kind: "error", errorType: "Function.ResponseSizeTooLarge", streamed: false });
  });

  it("the twin refuses an answer for a request id that is not the current invocation's (400 InvalidRequestID)", async () => {
    const twin = new RuntimeApiTwin();
    const address = await twin.listen();
    cleanup.push(() => twin.close());
    const response = await fetch(`http://${address}/2018-06-01/runtime/invocation/not-current/response`, {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorType: "InvalidRequestID" });
  });
});
