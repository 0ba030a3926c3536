import { readFileSync } from "node:fs";
import { InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxRequest } from "@code-remote/core/execution";
import { LambdaSandbox } from "@code-remote/functions/adapters/lambda-sandbox";
import { LambdaFunction, LAMBDA_ACCOUNT_ID } from "@code-remote/sandbox";
import { resultOfResponse } from "@code-remote/core/execution";
import { MAX_SYNC_REQUEST_BYTES, startLambdaEmulator, type LambdaEmulator } from "../src/emulators/lambda";

/**
 * The local Lambda Invoke and InvokeWithResponseStream endpoints, through what the worker really
 * uses: the AWS SDK's LambdaClient and the LambdaSandbox adapter, in front of the Lambda-faithful
 * sandbox function (runner/runtime.py streaming its response to the Runtime API twin).
 */
const FUNCTION = "sandbox-under-test";
const FUNCTION_TIMEOUT_MS = 8_000;
let fn: LambdaFunction;
let emulator: LambdaEmulator;
let client: LambdaClient;
let adapter: LambdaSandbox;
let counter = 0;

function job(
  code: string,
  limits: Partial<SandboxRequest["limits"]> = {},
  extra: Partial<SandboxRequest> = {},
): SandboxRequest {
  counter += 1;
  return {
    jobId: `invoke-${counter}`,
    code,
    stdin: "",
    limits: { wallMs: 2_000, memoryMb: 128, outputBytes: 65_536, ...limits },
    ...extra,
  };
}

const payloadOf = (response: { Payload?: Uint8Array }) => JSON.parse(new TextDecoder().decode(response.Payload));
/** A plain Invoke buffers the function's streamed response: newline-delimited JSON, the Result last. */
const resultOf = (response: { Payload?: Uint8Array }) =>
  resultOfResponse(new TextDecoder().decode(response.Payload)) as any;
const send = (payload: string | Uint8Array, extra: Partial<ConstructorParameters<typeof InvokeCommand>[0]> = {}) =>
  client.send(
    new InvokeCommand({
      FunctionName: FUNCTION,
      Payload: typeof payload === "string" ? new TextEncoder().encode(payload) : payload,
      ...extra,
    }),
  );

/** The runtime process (runner/runtime.py) of the function's one environment. */
function runtimePid(): number {
  const [root] = fn.environmentPids();
  const found = descendants(root!).find(
    (pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[1] === "/var/task/runtime.py",
  );
  if (!found) throw new Error("no runtime process");
  return found;
}

function descendants(root: number): number[] {
  const children = readFileSync(`/proc/${root}/task/${root}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

beforeAll(async () => {
  fn = new LambdaFunction({
    functionName: FUNCTION,
    concurrency: 1,
    timeoutMs: FUNCTION_TIMEOUT_MS,
    region: "us-east-1",
  });
  await fn.start();
  emulator = await startLambdaEmulator({ port: 0, host: "127.0.0.1", functions: [fn] });
  client = new LambdaClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  adapter = new LambdaSandbox(client, FUNCTION);
});

afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
  await fn?.close();
});

describe("the LambdaSandbox adapter against the local Invoke endpoint", () => {
  it("runs a job: the request goes out as the payload, the Result comes back", async () => {
    const result = await adapter.run(job("print(input()[::-1])", {}, { stdin: "olleh\n" }));
    expect(result).toMatchObject({ verdict: "ok", stdout: "hello\n" });
  });

  it("runs test cases, each up to the wall limit, within one invocation", async () => {
    const result = await adapter.run(
      job(
        "print(int(input()) * 2)",
        {},
        {
          tests: [
            { stdin: "2", expected: "4" },
            { stdin: "3", expected: "6" },
          ],
        },
      ),
    );
    expect(result.tests?.map((t) => t.passed)).toEqual([true, true]);
  });

  it("turns a FunctionError into an internal_error that names it", async () => {
    // A job that outlives the function's timeout: Lambda ends the environment (Sandbox.Timedout).
    const slow = new LambdaSandbox(client, FUNCTION);
    const result = await slow.run(job("while True: pass", { wallMs: 25_000 }));
    expect(result.verdict).toBe("internal_error");
    expect(result.message).toMatch(
      /sandbox function error \(Sandbox\.Timedout\): .*Task timed out after 8\.00 seconds/,
    );
    expect((await adapter.run(job("print('warm again')"))).stdout).toBe("warm again\n");
  }, 40_000);

  it("gives up at its own timeout when the function does not answer (wall limit + grace)", async () => {
    const runtime = runtimePid();
    process.kill(runtime, "SIGSTOP");
    try {
      const started = performance.now();
      const result = await adapter.run(job("print(1)", { wallMs: 500 }));
      expect(result).toMatchObject({ verdict: "internal_error", message: "the sandbox did not answer in time" });
      expect(performance.now() - started).toBeGreaterThanOrEqual(5_000);
      expect(performance.now() - started).toBeLessThan(FUNCTION_TIMEOUT_MS);
    } finally {
      process.kill(runtime, "SIGCONT");
    }
    // The invocation it gave up on still runs to its end, as on AWS; then the function serves again.
    await expect
      .poll(async () => (await adapter.run(job("print('after')"))).stdout, { timeout: 20_000, interval: 200 })
      .toBe("after\n");
  }, 40_000);

  it("stops waiting when the caller aborts; the invocation itself runs on, as on AWS", async () => {
    const controller = new AbortController();
    const running = adapter.run(job("import time\ntime.sleep(1)\nprint('done')"), { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const result = await running;
    expect(result.verdict).toBe("internal_error");
    expect(performance.now() - started).toBeLessThan(900);
    await expect
      .poll(async () => (await adapter.run(job("print('next')"))).stdout, { timeout: 10_000, interval: 200 })
      .toBe("next\n");
  });
});

describe("the Invoke endpoint refuses what Lambda refuses", () => {
  it("a payload that is not JSON: 200 with X-Amz-Function-Error Unhandled and an error document", async () => {
    const response = await send("{not json", { LogType: "Tail" });
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBe("Unhandled");
    expect(payloadOf(response)).toMatchObject({
      errorType: "Runtime.UnmarshalError",
      errorMessage: expect.any(String),
    });
    expect(response.ExecutedVersion).toBe("$LATEST");
    expect(Buffer.from(response.LogResult ?? "", "base64").toString()).toMatch(
      /^START RequestId: [\w-]+ Version: \$LATEST/,
    );
  });

  it("a request payload over 6 MB: RequestEntityTooLargeException, 413", async () => {
    const error = await send(new Uint8Array(MAX_SYNC_REQUEST_BYTES + 1).fill(0x20)).catch(
      (e: unknown) => e as Error & { $metadata: { httpStatusCode: number } },
    );
    expect(error).toMatchObject({ name: "RequestEntityTooLargeException", $metadata: { httpStatusCode: 413 } });
  });

  it("an unknown function or version: ResourceNotFoundException, 404; name, partial ARN and ARN all resolve", async () => {
    for (const FunctionName of [
      "no-such-function",
      `${FUNCTION}:7`,
      `arn:aws:lambda:us-east-1:${LAMBDA_ACCOUNT_ID}:function:other`,
    ]) {
      const error = (await send(JSON.stringify(job("print(1)")), { FunctionName }).catch(
        (e: unknown) => e,
      )) as Error & { $metadata: { httpStatusCode: number } };
      expect(error, FunctionName).toMatchObject({
        name: "ResourceNotFoundException",
        $metadata: { httpStatusCode: 404 },
      });
      expect(error.message).toMatch(/^Function not found: arn:aws:lambda:us-east-1:\d{12}:function:/);
    }
    for (const FunctionName of [
      `${FUNCTION}:$LATEST`,
      `${LAMBDA_ACCOUNT_ID}:function:${FUNCTION}`,
      `arn:aws:lambda:us-east-1:${LAMBDA_ACCOUNT_ID}:function:${FUNCTION}`,
    ]) {
      expect(resultOf(await send(JSON.stringify(job("print(1)")), { FunctionName })).stdout, FunctionName).toBe("1\n");
    }
  });

  it("an invocation beyond the function's concurrency: TooManyRequestsException, 429", async () => {
    const slow = send(JSON.stringify(job("import time\ntime.sleep(1)")));
    await expect.poll(() => fn.environmentPids().length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the first invocation is in its environment
    const error = await send(JSON.stringify(job("print(1)"))).catch(
      (e: unknown) => e as Error & { $metadata: { httpStatusCode: number } },
    );
    expect(error).toMatchObject({ name: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } });
    expect(resultOf(await slow).verdict).toBe("ok");
  });

  it("an unsigned request: MissingAuthenticationTokenException, 403", async () => {
    const response = await fetch(`${emulator.endpoint}/2015-03-31/functions/${FUNCTION}/invocations`, {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  it("Event and DryRun invocations: 202 and 204", async () => {
    expect((await send(JSON.stringify(job("print(1)")), { InvocationType: "DryRun" })).StatusCode).toBe(204);
    expect((await send(JSON.stringify(job("print(1)")), { InvocationType: "Event" })).StatusCode).toBe(202);
  });
});

describe("InvokeWithResponseStream, through the AWS SDK", () => {
  beforeAll(async () => {
    // The Event invocation above may still hold the function's one environment.
    const until = performance.now() + 20_000;
    while ((await adapter.run(job("print('idle')"))).stdout !== "idle\n") {
      if (performance.now() > until) throw new Error("the function stayed busy");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 30_000);

  type Event = {
    at: number;
    chunk?: string;
    complete?: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string };
  };
  async function stream(
    payload: string,
    extra: Partial<ConstructorParameters<typeof InvokeWithResponseStreamCommand>[0]> = {},
  ) {
    const started = performance.now();
    const response = await client.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: FUNCTION,
        Payload: new TextEncoder().encode(payload),
        ...extra,
      }),
    );
    const events: Event[] = [];
    for await (const event of response.EventStream ?? []) {
      if (event.PayloadChunk?.Payload)
        events.push({ at: performance.now() - started, chunk: new TextDecoder().decode(event.PayloadChunk.Payload) });
      if (event.InvokeComplete) events.push({ at: performance.now() - started, complete: event.InvokeComplete });
    }
    return { response, events };
  }

  it("answers PayloadChunk events as the function streams them, then InvokeComplete", async () => {
    const code = "import time\nfor i in range(4):\n    print(i, flush=True)\n    time.sleep(0.4)";
    const { response, events } = await stream(JSON.stringify(job(code)), { LogType: "Tail" });
    expect(response).toMatchObject({
      StatusCode: 200,
      ExecutedVersion: "$LATEST",
      ResponseStreamContentType: "application/vnd.amazon.eventstream",
    });
    const chunks = events.filter((e) => e.chunk !== undefined);
    const lines = chunks
      .map((e) => e.chunk!)
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.filter((l) => l.type === "output").map((l) => l.data)).toEqual(["0\n", "1\n", "2\n", "3\n"]);
    expect(lines.at(-1)).toMatchObject({ type: "result", verdict: "ok", stdout: "0\n1\n2\n3\n" });
    // Each output line came in its own event, as it was printed, not all at the end.
    const outputs = chunks.filter((e) => e.chunk!.includes('"output"'));
    expect(outputs.at(-1)!.at - outputs[0]!.at).toBeGreaterThanOrEqual(1000);
    const complete = events.at(-1)!.complete!;
    expect(complete.ErrorCode).toBeUndefined();
    expect(Buffer.from(complete.LogResult ?? "", "base64").toString()).toMatch(
      /^START RequestId: [\w-]+ Version: \$LATEST/,
    );
  });

  it("a function error ends the stream with InvokeComplete's ErrorCode and ErrorDetails", async () => {
    const { response, events } = await stream("{not json");
    expect(response.StatusCode).toBe(200);
    expect(events.filter((e) => e.chunk !== undefined)).toEqual([]);
    expect(events.at(-1)!.complete).toMatchObject({
      ErrorCode: "Runtime.UnmarshalError",
      ErrorDetails: expect.any(String),
    });
  });

  it("refuses what Lambda refuses: the Event type, an unknown function, a payload over 6 MB, more than the concurrency", async () => {
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e: unknown) => e as Error & { $metadata: { httpStatusCode: number } },
      );
    const payload = JSON.stringify(job("print(1)"));
    expect(await failure(stream(payload, { InvocationType: "Event" as never }))).toMatchObject({
      name: "InvalidParameterValueException",
      $metadata: { httpStatusCode: 400 },
    });
    expect(await failure(stream(payload, { FunctionName: "no-such-function" }))).toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
    expect(await failure(stream(" ".repeat(MAX_SYNC_REQUEST_BYTES + 1)))).toMatchObject({
      name: "RequestEntityTooLargeException",
      $metadata: { httpStatusCode: 413 },
    });
    const slow = stream(JSON.stringify(job("import time\ntime.sleep(1)")));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await failure(stream(payload))).toMatchObject({
      name: "TooManyRequestsException",
      $metadata: { httpStatusCode: 429 },
    });
    expect((await slow).events.at(-1)!.complete?.ErrorCode).toBeUndefined();
  });

  it("the LambdaSandbox adapter passes each output chunk on while the job runs, then returns the Result", async () => {
    const started = performance.now();
    const chunks: Array<{ at: number; stream: string; data: string }> = [];
    const code =
      "import sys, time\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.4)\nprint('err', file=sys.stderr)";
    const result = await adapter.run(job(code), {
      onOutput: (chunk) => chunks.push({ at: performance.now() - started, ...chunk }),
    });
    const done = performance.now() - started;
    expect(result).toMatchObject({ verdict: "ok", stdout: "0\n1\n2\n", stderr: "err\n" });
    expect(chunks.map(({ stream, data }) => `${stream}:${data}`)).toEqual([
      "stdout:0\n",
      "stdout:1\n",
      "stdout:2\n",
      "stderr:err\n",
    ]);
    expect(done - chunks[0]!.at).toBeGreaterThanOrEqual(1000);
  });
});
