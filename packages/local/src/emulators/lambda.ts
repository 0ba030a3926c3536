import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type InvokeOutcome, LAMBDA_ACCOUNT_ID, LambdaThrottled, type LambdaFunction } from "@code-remote/sandbox";
import { closeServer, listen } from "../net";
import { invokeComplete, payloadChunk } from "./lambda-eventstream";

/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`, what the AWS
 * SDK's InvokeCommand sends) in front of Lambda-faithful functions (@code-remote/sandbox's
 * LambdaFunction: the deployed handler in an emulated execution environment). It refuses what
 * Lambda refuses, with Lambda's status codes and error types:
 * - a request payload over 6 MB (RequestEntityTooLargeException, 413; 1 MB for Event invocations);
 * - an unknown function or qualifier (ResourceNotFoundException, 404);
 * - an unsigned request (MissingAuthenticationTokenException, 403);
 * - an invocation beyond the function's concurrency (TooManyRequestsException, 429);
 * and answers a function failure as Lambda does: 200 with `X-Amz-Function-Error: Unhandled` and an
 * {errorType, errorMessage} payload (the handler raised, `Sandbox.Timedout` at the function's
 * timeout, `Runtime.ExitError`, or `Function.ResponseSizeTooLarge` for a response over 6 MB).
 * A client that goes away does not stop its invocation, as on AWS.
 *
 * InvokeWithResponseStream (`POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations`,
 * https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html) refuses the same
 * (and the Event type, which it does not have), then answers 200 application/vnd.amazon.eventstream:
 * a PayloadChunk event per chunk the function's runtime streams, as it arrives, and one
 * InvokeComplete at the end, with ErrorCode (the error type) and ErrorDetails (its message) when
 * the function failed, before or during the stream, and LogResult for `X-Amz-Log-Type: Tail`.
 */

/** Lambda's synchronous invocation quotas (request: 6 MB exactly; response: 6 MB plus 100 bytes). */
export const MAX_SYNC_REQUEST_BYTES = 6 * 1024 * 1024;
export const MAX_SYNC_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;
export const MAX_EVENT_REQUEST_BYTES = 1024 * 1024;
const LOG_RESULT_BYTES = 4096;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const STREAM_PATH = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations$/;

export interface LambdaEmulatorOptions {
  port: number;
  host: string;
  /** The functions it serves, by name. */
  functions: LambdaFunction[];
  log?: (line: string) => void;
}

export interface LambdaEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

class InvokeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function startLambdaEmulator(options: LambdaEmulatorOptions): Promise<LambdaEmulator> {
  const byName = new Map(options.functions.map((fn) => [fn.functionName, fn]));
  const background = new Set<Promise<unknown>>();
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      const failure =
        error instanceof InvokeError ? error : new InvokeError(500, "ServiceException", (error as Error).message);
      if (!(error instanceof InvokeError)) options.log?.(`lambda: ${failure.message}`);
      sendError(res, failure);
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.setHeader("x-amzn-RequestId", requestId);
    const url = new URL(req.url ?? "/", "http://lambda");
    const streamRoute = STREAM_PATH.exec(url.pathname);
    const route = INVOKE_PATH.exec(url.pathname) ?? streamRoute;
    if (!route || req.method !== "POST") throw new InvokeError(404, "UnknownOperationException", "Unknown operation");
    if (!/^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? "")) {
      throw new InvokeError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    const fn = resolveFunction(byName, decodeURIComponent(route[1]!), url.searchParams.get("Qualifier"));
    const invocationType = header(req, "x-amz-invocation-type") ?? "RequestResponse";
    const types = streamRoute ? ["RequestResponse", "DryRun"] : ["RequestResponse", "Event", "DryRun"];
    if (!types.includes(invocationType)) {
      throw new InvokeError(
        400,
        "InvalidParameterValueException",
        `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${[...types].sort().join(", ")}]`,
      );
    }
    const limit = invocationType === "Event" ? MAX_EVENT_REQUEST_BYTES : MAX_SYNC_REQUEST_BYTES;
    const payload = await readBody(req, limit, invocationType);

    if (invocationType === "DryRun") {
      res.writeHead(204).end();
      return;
    }
    if (invocationType === "Event") {
      // Lambda queues the event and runs it when it can; the caller only learns it was accepted.
      const run = fn
        .invoke(payload)
        .catch((error: unknown) => options.log?.(`lambda: event invocation failed: ${(error as Error).message}`));
      background.add(run);
      void run.finally(() => background.delete(run));
      res.writeHead(202, { "x-amzn-RequestId": requestId }).end();
      return;
    }
    if (streamRoute) return streamInvocation(fn, payload, req, res);
    let outcome;
    try {
      outcome = await fn.invoke(payload, { wait: false });
    } catch (error) {
      if (error instanceof LambdaThrottled) {
        throw new InvokeError(429, "TooManyRequestsException", "Rate Exceeded.", {
          Reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
        });
      }
      throw error;
    }
    const { body, functionError } = syncResponse(outcome);
    const headers: Record<string, string> = { "content-type": "application/json", "x-amz-executed-version": "$LATEST" };
    if (functionError) headers["x-amz-function-error"] = functionError;
    if (header(req, "x-amz-log-type") === "Tail") {
      headers["x-amz-log-result"] = Buffer.from(outcome.logTail).subarray(-LOG_RESULT_BYTES).toString("base64");
    }
    res.writeHead(200, headers).end(body);
  }

  /** InvokeWithResponseStream: headers at the first chunk (a throttle is still a 429 before it). */
  async function streamInvocation(
    fn: LambdaFunction,
    payload: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const begin = () => {
      if (res.headersSent) return;
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amz-executed-version": "$LATEST" });
      res.flushHeaders();
    };
    let outcome;
    try {
      outcome = await fn.invoke(payload, {
        wait: false,
        onChunk: (chunk) => {
          begin();
          res.write(payloadChunk(chunk));
        },
      });
    } catch (error) {
      if (error instanceof LambdaThrottled && !res.headersSent) {
        throw new InvokeError(429, "TooManyRequestsException", "Rate Exceeded.", {
          Reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
        });
      }
      throw error;
    }
    begin();
    const complete: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } = {};
    if (outcome.functionError) {
      const document = parseErrorDocument(outcome.payload);
      complete.ErrorCode = document.errorType;
      complete.ErrorDetails = document.errorMessage;
    }
    if (header(req, "x-amz-log-type") === "Tail")
      complete.LogResult = Buffer.from(outcome.logTail).subarray(-LOG_RESULT_BYTES).toString("base64");
    res.end(invokeComplete(complete));
  }

  const port = await listen(server, "lambda", options.port, options.host);
  return {
    endpoint: `http://${options.host}:${port}`,
    async stop() {
      await closeServer(server);
      await Promise.allSettled([...background]);
    },
  };
}

/** What a synchronous invocation answers: the function's payload, unless it is over Lambda's response quota. */
export function syncResponse(outcome: Pick<InvokeOutcome, "payload" | "functionError">): {
  body: string;
  functionError?: "Unhandled";
} {
  if (Buffer.byteLength(outcome.payload) <= MAX_SYNC_RESPONSE_BYTES) {
    return { body: outcome.payload, ...(outcome.functionError ? { functionError: outcome.functionError } : {}) };
  }
  const body = JSON.stringify({
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`,
    errorType: "Function.ResponseSizeTooLarge",
  });
  return { body, functionError: "Unhandled" };
}

/**
 * A function name as Lambda accepts it: `name`, `name:qualifier`, `123456789012:function:name` or
 * the full ARN, optionally with a `Qualifier` parameter. Only $LATEST exists here (no versions or
 * aliases are published), so any other qualifier is not found, as on AWS.
 */
function resolveFunction(
  byName: Map<string, LambdaFunction>,
  raw: string,
  qualifierParam: string | null,
): LambdaFunction {
  const arn = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/.exec(raw);
  const partial = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/.exec(raw);
  const plain = /^([^:]+)(?::([^:]+))?$/.exec(raw);
  const [name, qualifier, account, region] = arn
    ? [arn[3], arn[4], arn[2], arn[1]]
    : partial
      ? [partial[2], partial[3], partial[1], undefined]
      : [plain?.[1], plain?.[2], undefined, undefined];
  const fn = name === undefined ? undefined : byName.get(name);
  const wanted = qualifierParam ?? qualifier;
  const found =
    fn &&
    (account === undefined || account === LAMBDA_ACCOUNT_ID) &&
    (region === undefined || region === fn.region) &&
    (wanted === undefined || wanted === "$LATEST");
  if (!found) {
    const where = fn?.region ?? region ?? "us-east-1";
    const qualified = wanted ? `${name ?? raw}:${wanted}` : (name ?? raw);
    throw new InvokeError(
      404,
      "ResourceNotFoundException",
      `Function not found: arn:aws:lambda:${where}:${account ?? LAMBDA_ACCOUNT_ID}:function:${qualified}`,
    );
  }
  return fn;
}

async function readBody(req: IncomingMessage, limit: number, invocationType: string): Promise<string> {
  const tooLarge = (bytes: number) =>
    invocationType === "Event"
      ? new InvokeError(
          413,
          "RequestEntityTooLargeException",
          `${bytes} byte payload is too large for the Event invocation type (limit ${limit} bytes)`,
        )
      : new InvokeError(
          413,
          "RequestEntityTooLargeException",
          `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
        );
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume(); // drain, so the answer reaches a client that is still sending
    throw tooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(size);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseErrorDocument(payload: string): { errorType: string; errorMessage: string } {
  try {
    const { errorType, errorMessage } = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown };
    return { errorType: String(errorType ?? "Unhandled"), errorMessage: String(errorMessage ?? "") };
  } catch {
    return { errorType: "Unhandled", errorMessage: payload.slice(0, 1024) };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendError(res: ServerResponse, error: InvokeError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(error.status, { "content-type": "application/json", "x-amzn-ErrorType": error.type });
  res.end(JSON.stringify({ Type: error.status >= 500 ? "Service" : "User", message: error.message, ...error.extra }));
}
