import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local twin of the Lambda Runtime API (version 2018-06-01) for one execution environment, as
 * AWS documents it:
 *   https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 *   https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html (response streaming)
 * - GET  /2018-06-01/runtime/invocation/next: blocks until there is an invocation; the event as
 *   the body, Lambda-Runtime-Aws-Request-Id / -Deadline-Ms / -Invoked-Function-Arn / -Trace-Id as
 *   headers. The first call ends the init phase.
 * - POST /2018-06-01/runtime/invocation/{id}/response: the function's answer, buffered, or with
 *   `Lambda-Runtime-Function-Response-Mode: streaming` a chunked body passed on chunk by chunk as
 *   it arrives; trailers `Lambda-Runtime-Function-Error-Type` / `-Body` (base64 error document)
 *   mark a stream that failed midway. 202 {"status":"OK"}.
 * - POST /2018-06-01/runtime/invocation/{id}/error: an invocation error document, 202.
 * - POST /2018-06-01/runtime/init/error: the init failed, 202; the runtime then exits.
 * A request id that is not the current invocation's is 400 InvalidRequestID; an answer to an
 * invocation that already has one is 403 InvalidStateTransition; a buffered response over 6 MB is
 * 413 (RequestEntityTooLarge); a streamed one over 20 MB ends as Function.ResponseSizeTooLarge.
 */

export const RUNTIME_API_VERSION = "2018-06-01";
const MAX_BUFFERED_RESPONSE_BYTES = 6 * 1024 * 1024;
/** Lambda's streamed response quota (20 MB, a soft limit). */
export const MAX_STREAMED_RESPONSE_BYTES = 20 * 1024 * 1024;
const ERROR_TYPE = "lambda-runtime-function-error-type";
const ERROR_BODY = "lambda-runtime-function-error-body";

export interface RuntimeInvocation {
  requestId: string;
  deadlineMs: number;
  functionArn: string;
  payload: string;
}

/** How an invocation ended on the runtime's side. */
export type InvocationEnd =
  | { kind: "response"; body: string; streamed: boolean }
  | { kind: "error"; errorType: string; document: string; streamed: boolean };

interface Current {
  invocation: RuntimeInvocation;
  delivered: boolean;
  answered: boolean;
  onChunk?: ((chunk: Buffer) => void) | undefined;
  resolve: (end: InvocationEnd) => void;
}

export class RuntimeApiTwin {
  /** Resolves at the runtime's first /next; rejects with the error document of an /init/error. */
  readonly initialized: Promise<void>;
  private server: Server;
  private current: Current | null = null;
  private waiting: ServerResponse | null = null;
  private resolveInit!: () => void;
  private rejectInit!: (document: string) => void;

  constructor() {
    this.initialized = new Promise((resolve, reject) => {
      this.resolveInit = resolve;
      this.rejectInit = reject;
    });
    this.initialized.catch(() => {});
    this.server = createServer((req, res) => this.route(req, res));
    this.server.keepAliveTimeout = 0; // a frozen runtime may come back much later on the same connection
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
  }

  /** Listen on loopback; the runtime's AWS_LAMBDA_RUNTIME_API (host:port). */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Hand the runtime one invocation; settles when it has answered (never rejects). */
  invoke(invocation: RuntimeInvocation, onChunk?: (chunk: Buffer) => void): Promise<InvocationEnd> {
    if (this.current) throw new Error("the runtime has an invocation in progress");
    return new Promise((resolve) => {
      this.current = { invocation, delivered: false, answered: false, onChunk, resolve };
      if (this.waiting) this.deliver(this.waiting);
    });
  }

  /** Forget the current invocation (its environment timed out or died); a late answer is refused. */
  abandon(): void {
    this.current = null;
  }

  close(): Promise<void> {
    this.waiting?.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? "/", "http://runtime").pathname;
    const prefix = `/${RUNTIME_API_VERSION}/runtime/`;
    const answer = /^invocation\/([^/]+)\/(response|error)$/.exec(path.slice(prefix.length));
    if (req.method === "GET" && path === `${prefix}invocation/next`) this.next(res);
    else if (req.method === "POST" && path === `${prefix}init/error`) this.initError(req, res);
    else if (req.method === "POST" && path.startsWith(prefix) && answer)
      this.answer(req, res, decodeURIComponent(answer[1]!), answer[2] as "response" | "error");
    else {
      req.resume();
      send(res, 404, { errorType: "NotFound", errorMessage: `unknown path ${req.method} ${path}` });
    }
  }

  private next(res: ServerResponse): void {
    this.resolveInit();
    this.waiting?.destroy(); // one runtime, one waiting /next
    this.waiting = res;
    res.on("close", () => {
      if (this.waiting === res) this.waiting = null;
    });
    if (this.current && !this.current.delivered) this.deliver(res);
  }

  private deliver(res: ServerResponse): void {
    const current = this.current!;
    current.delivered = true;
    this.waiting = null;
    const { requestId, deadlineMs, functionArn, payload } = current.invocation;
    res.writeHead(200, {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": requestId,
      "lambda-runtime-deadline-ms": String(deadlineMs),
      "lambda-runtime-invoked-function-arn": functionArn,
      "lambda-runtime-trace-id": `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${requestId.replaceAll("-", "").slice(0, 24)};Sampled=0`,
    });
    res.end(payload);
  }

  private initError(req: IncomingMessage, res: ServerResponse): void {
    void readAll(req, MAX_BUFFERED_RESPONSE_BYTES).then((body) => {
      const type = header(req, ERROR_TYPE) ?? "Runtime.Unknown";
      this.rejectInit(
        body?.length ? body.toString("utf8") : JSON.stringify({ errorType: type, errorMessage: "init failed" }),
      );
      send(res, 202, { status: "OK" });
    });
  }

  private answer(req: IncomingMessage, res: ServerResponse, requestId: string, kind: "response" | "error"): void {
    const current = this.current;
    if (!current?.delivered || current.invocation.requestId !== requestId) {
      req.resume();
      send(res, 400, { errorType: "InvalidRequestID", errorMessage: "Invalid request ID" });
      return;
    }
    if (current.answered) {
      req.resume();
      send(res, 403, {
        errorType: "InvalidStateTransition",
        errorMessage: "State transition from Ready to ResponseSent failed",
      });
      return;
    }
    current.answered = true;
    const settle = (end: InvocationEnd) => {
      if (this.current === current) this.current = null;
      current.resolve(end);
    };
    if (kind === "error") {
      void readAll(req, MAX_BUFFERED_RESPONSE_BYTES).then((body) => {
        const errorType = header(req, ERROR_TYPE) ?? "Unhandled";
        send(res, 202, { status: "OK" });
        settle({
          kind: "error",
          errorType,
          document: body?.toString("utf8") || JSON.stringify({ errorType, errorMessage: "" }),
          streamed: false,
        });
      });
      return;
    }
    if (header(req, "lambda-runtime-function-response-mode") !== "streaming") {
      void readAll(req, MAX_BUFFERED_RESPONSE_BYTES).then((body) => {
        if (body === null) {
          send(res, 413, {
            errorType: "RequestEntityTooLarge",
            errorMessage: `Exceeded maximum allowed payload size (${MAX_BUFFERED_RESPONSE_BYTES} bytes).`,
          });
          settle(
            failed(
              "Function.ResponseSizeTooLarge",
              "Response payload size exceeded maximum allowed payload size.",
              false,
            ),
          );
          return;
        }
        send(res, 202, { status: "OK" });
        settle({ kind: "response", body: body.toString("utf8"), streamed: false });
      });
      return;
    }
    // Streaming: every chunk goes on as it arrives; the trailers (if any) say how it ended.
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_STREAMED_RESPONSE_BYTES) {
        over = true;
        settle(
          failed(
            "Function.ResponseSizeTooLarge",
            `Response payload size exceeded maximum allowed payload size (${MAX_STREAMED_RESPONSE_BYTES} bytes).`,
            true,
          ),
        );
        return;
      }
      chunks.push(chunk);
      if (this.current === current) current.onChunk?.(chunk);
    });
    req.on("end", () => {
      send(res, 202, { status: "OK" });
      if (over) return;
      const errorType = req.trailers[ERROR_TYPE];
      if (errorType) {
        const encoded = req.trailers[ERROR_BODY];
        const document = encoded
          ? Buffer.from(encoded, "base64").toString("utf8")
          : JSON.stringify({ errorType, errorMessage: "" });
        settle({ kind: "error", errorType, document, streamed: true });
      } else {
        settle({ kind: "response", body: Buffer.concat(chunks).toString("utf8"), streamed: true });
      }
    });
    // A stream cut without its last chunk: the runtime died (its environment reports the exit),
    // or dropped the connection, which ends the invocation as failed.
    req.on("aborted", () => {
      setTimeout(() => {
        if (this.current !== current) return;
        settle(failed("Runtime.TruncatedResponse", "the response stream ended without its last chunk", true));
      }, 500).unref();
    });
  }
}

/** An invocation the service ended as failed, with the error document Lambda reports for it. */
function failed(errorType: string, errorMessage: string, streamed: boolean): InvocationEnd {
  return { kind: "error", errorType, document: JSON.stringify({ errorType, errorMessage }), streamed };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** The whole body, or null once it passes `limit` bytes. */
async function readAll(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        req.resume();
        return null;
      }
      chunks.push(chunk);
    }
  } catch {
    // the connection went away mid-body: what arrived is all there is
  }
  return Buffer.concat(chunks);
}
