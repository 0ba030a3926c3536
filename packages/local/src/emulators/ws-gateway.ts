import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { APIGatewayEventWebsocketRequestContextV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { WebSocket, WebSocketServer } from "ws";
import { WS_QUOTAS } from "@code-remote/core/contract";
import { closeServer, listen } from "../net";

/**
 * API Gateway WebSocket API, emulated: `$connect`/`$default`/`$disconnect` become Lambda-shaped events for
 * the same handlers the cloud runs, and the same port answers the management API
 * (`POST|GET|DELETE /@connections/{id}`) that @aws-sdk/client-apigatewaymanagementapi calls.
 *
 * It refuses what API Gateway refuses (WS_QUOTAS, from AWS's WebSocket quota table): a client frame
 * over 32 KB or message over 128 KB closes the connection with 1009 and reaches no handler; a
 * PostToConnection over 128 KB is a 413 PayloadTooLargeException and sends nothing; pushes reach the
 * client in frames of at most 32 KB, as AWS splits them; a connection idle for 10 minutes or open for
 * 2 hours is closed (1001). Control frames (ping/pong) do not count as activity here; whether they do
 * on AWS is not documented, and our client sends a ping message, so it keeps its connection either way.
 */

/** What API Gateway sends on every route. `$connect` events also carry the query string and headers. */
export type WsEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayEventWebsocketRequestContextV2 & {
    identity: { sourceIp: string; userAgent: string };
    disconnectStatusCode?: number;
    disconnectReason?: string;
  };
  queryStringParameters?: Record<string, string>;
  headers?: Record<string, string>;
};
export type WsResult = { statusCode: number; body?: string };
export type WsHandler = (event: WsEvent) => Promise<WsResult>;
export interface WsHandlers {
  connect: WsHandler;
  disconnect: WsHandler;
  message: WsHandler;
}

export interface WsGateway {
  /** ws://host:port: what browsers connect to (`?token=` …). */
  url: string;
  /** http://host:port: the management API endpoint (the SDK appends `/@connections/{id}`). */
  managementUrl: string;
  /** Open connection ids, for tests and diagnostics. */
  connections(): string[];
  /** Test hook: terminate every connection (no close frame, like a dropped network); hold new upgrades for a while. */
  dropAll(options?: { holdNewForMs?: number }): void;
  stop(): Promise<void>;
}

interface Connection {
  ws: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
  /** Restarted by every message either way; closes the connection when it fires. */
  idleTimer: NodeJS.Timeout;
}

/** The quotas the gateway enforces; tests shorten the idle and lifetime ones. */
export type WsQuotas = { [K in keyof typeof WS_QUOTAS]: number };

/** Close codes: 1009 "message too big" (what AWS documents for frames and messages over quota), 1001 "going away". */
const CLOSE_TOO_BIG = 1009;
const CLOSE_GOING_AWAY = 1001;

const STAGE = "local";
const API_ID = "local";
// API Gateway connection ids look like `Xt8xQd2OoAMCJaA=`: 11 random bytes in base64, which may hold
// `+` and `/`, so the management API path must be URL-decoded exactly like AWS does.
const newConnectionId = () => randomBytes(11).toString("base64");

/** AWS answers a dead connection this way; the SDK maps the header to GoneException. */
function gone(res: ServerResponse) {
  res.writeHead(410, { "content-type": "application/json", "x-amzn-errortype": "GoneException" });
  res.end(JSON.stringify({ message: "GoneException" }));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** AWS's answer to a PostToConnection over the message quota; the SDK maps the header to PayloadTooLargeException. */
function payloadTooLarge(res: ServerResponse, bytes: number, max: number) {
  res.writeHead(413, { "content-type": "application/json", "x-amzn-errortype": "PayloadTooLargeException" });
  res.end(JSON.stringify({ message: `Message of ${bytes} bytes is over the ${max}-byte limit` }));
}

/**
 * Calls `onTooBig` as soon as a frame header from the client announces a payload over `maxFrameBytes`.
 * ws's own maxPayload checks whole messages (and frames past it), not frames within one, so this reads
 * the frame headers off the raw bytes beside ws; it only counts, ws still parses everything.
 */
function watchFrameSizes(socket: Duplex, maxFrameBytes: number, onTooBig: () => void): void {
  let pending: Buffer | undefined; // the start of a header split across chunks
  let skip = 0; // payload bytes of the current frame still to come
  const onData = (chunk: Buffer) => {
    const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = undefined;
    let at = 0;
    while (at < buf.length) {
      if (skip > 0) {
        const n = Math.min(skip, buf.length - at);
        skip -= n;
        at += n;
        continue;
      }
      if (buf.length - at < 2) break;
      const byte1 = buf[at + 1]!;
      let length = byte1 & 0x7f;
      let headerBytes = 2;
      if (length === 126) {
        if (buf.length - at < 4) break;
        length = buf.readUInt16BE(at + 2);
        headerBytes = 4;
      } else if (length === 127) {
        if (buf.length - at < 10) break;
        length = Number(buf.readBigUInt64BE(at + 2));
        headerBytes = 10;
      }
      if (length > maxFrameBytes) {
        socket.off("data", onData);
        onTooBig();
        return;
      }
      if (byte1 & 0x80) headerBytes += 4; // the client's masking key
      at += headerBytes;
      skip = length;
      if (at > buf.length) {
        // The header's last bytes (mask) are in the next chunk: they are skipped like payload.
        skip += at - buf.length;
        at = buf.length;
      }
    }
    if (at < buf.length) pending = buf.subarray(at);
  };
  // Before ws's own listener, so a frame over quota is refused before ws can hand it on as a message.
  socket.prependListener("data", onData);
}

/** Refuse an upgrade with a plain HTTP status, as API Gateway does when `$connect` returns non-2xx. */
function rejectUpgrade(socket: Duplex, status: number, body = "") {
  const reason = STATUS_CODES[status] ?? "Error";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const is2xx = (status: number) => status >= 200 && status < 300;

export async function startWsGateway(opts: {
  port: number;
  host: string;
  handlers: WsHandlers;
  log?: (line: string) => void;
  /** Default: API Gateway's (WS_QUOTAS). */
  quotas?: Partial<WsQuotas>;
}): Promise<WsGateway> {
  const log = opts.log ?? (() => {});
  const quotas: WsQuotas = { ...WS_QUOTAS, ...opts.quotas };
  const connections = new Map<string, Connection>();
  // maxPayload: a client message over the quota is refused at its first frame header (1009), never
  // buffered: ws's default would take 100 MiB.
  const wss = new WebSocketServer({ noServer: true, maxPayload: quotas.messageBytes, perMessageDeflate: false });
  const inflight = new Set<Promise<unknown>>();
  let domainName = "";
  let stopping = false;
  // dropAll's hold: upgrades wait until then (the browser just sees a slow handshake, no error).
  let holdUntil = 0;

  /** Run a handler, tracked so stop() can wait for it; a throw is logged and reported as a 500. */
  const invoke = (name: string, handler: WsHandler, event: WsEvent): Promise<WsResult> => {
    const run = handler(event).catch((err: unknown) => {
      log(`ws ${name} handler failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { statusCode: 500 };
    });
    inflight.add(run);
    void run.finally(() => inflight.delete(run));
    return run;
  };

  const event = (
    routeKey: string,
    eventType: "CONNECT" | "MESSAGE" | "DISCONNECT",
    connectionId: string,
    conn: Pick<Connection, "connectedAt" | "sourceIp" | "userAgent">,
    extra: Partial<WsEvent> = {},
    contextExtra: Partial<WsEvent["requestContext"]> = {},
  ): WsEvent => {
    const now = Date.now();
    const requestId = randomUUID();
    return {
      requestContext: {
        routeKey,
        eventType,
        messageId: eventType === "MESSAGE" ? randomBytes(11).toString("base64") : "",
        extendedRequestId: requestId,
        requestTime: new Date(now).toUTCString(),
        messageDirection: "IN",
        stage: STAGE,
        connectedAt: conn.connectedAt,
        requestTimeEpoch: now,
        requestId,
        domainName,
        connectionId,
        apiId: API_ID,
        identity: { sourceIp: conn.sourceIp, userAgent: conn.userAgent },
        ...contextExtra,
      },
      isBase64Encoded: false,
      ...extra,
    };
  };

  /** A message went either way: the idle clock starts again. */
  const active = (conn: Connection) => {
    conn.lastActiveAt = Date.now();
    conn.idleTimer.refresh();
  };

  const server = createServer((req, res) => {
    void handleManagement(req, res).catch((err: unknown) => {
      log(`ws management API error: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "InternalServerError" }));
    });
  });

  async function handleManagement(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    // Accept an optional stage prefix (`/local/@connections/…`), which is how the cloud endpoint looks.
    const match = /^(?:\/[^/]+)?\/@connections\/([^/]+)\/?$/.exec(path);
    if (!match?.[1]) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Not Found" }));
      return;
    }
    const connectionId = decodeURIComponent(match[1]);
    const conn = connections.get(connectionId);
    const body = req.method === "POST" ? await readBody(req) : undefined;
    if (!conn || conn.ws.readyState !== WebSocket.OPEN) return gone(res);
    switch (req.method) {
      case "POST": {
        if (body!.length > quotas.messageBytes) return payloadTooLarge(res, body!.length, quotas.messageBytes);
        // A text message for the browser, exactly the bytes the SDK sent, in frames of at most the frame
        // quota as API Gateway sends them. One synchronous loop, so two posts never interleave frames.
        for (let at = 0; at === 0 || at < body!.length; at += quotas.frameBytes) {
          const fragment = body!.subarray(at, at + quotas.frameBytes);
          conn.ws.send(fragment, { binary: false, fin: at + quotas.frameBytes >= body!.length });
        }
        active(conn);
        res.writeHead(200).end();
        return;
      }
      case "GET":
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            connectedAt: new Date(conn.connectedAt).toISOString(),
            identity: { sourceIp: conn.sourceIp, userAgent: conn.userAgent },
            lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
          }),
        );
        return;
      case "DELETE":
        conn.ws.close(1000, "closed by the server");
        res.writeHead(204).end();
        return;
      default:
        res.writeHead(405, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "Method Not Allowed" }));
    }
  }

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void handleUpgrade(req, socket, head).catch((err: unknown) => {
      log(`ws upgrade failed: ${String(err)}`);
      rejectUpgrade(socket, 500);
    });
  });

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    if (stopping) return rejectUpgrade(socket, 503);
    const hold = holdUntil - Date.now();
    if (hold > 0) await new Promise((r) => setTimeout(r, hold));
    const url = new URL(req.url ?? "/", "http://x");
    const connectionId = newConnectionId();
    const base = {
      connectedAt: Date.now(),
      sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
      userAgent: req.headers["user-agent"] ?? "",
    };
    const query = Object.fromEntries(url.searchParams);
    const headers = Object.fromEntries(
      Object.entries(req.headers).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, Array.isArray(v) ? v.join(",") : v]],
      ),
    );
    const result = await invoke(
      "$connect",
      opts.handlers.connect,
      event("$connect", "CONNECT", connectionId, base, {
        ...(url.searchParams.size > 0 ? { queryStringParameters: query } : {}),
        headers,
      }),
    );
    if (!is2xx(result.statusCode)) return rejectUpgrade(socket, result.statusCode, result.body ?? "");
    if (socket.destroyed) {
      // The client left while $connect ran: API Gateway still delivers the $disconnect.
      void invoke("$disconnect", opts.handlers.disconnect, event("$disconnect", "DISCONNECT", connectionId, base));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const goAway = (why: string) => () => {
        log(`ws connection ${connectionId} closed: ${why}`);
        ws.close(CLOSE_GOING_AWAY, "Going away");
      };
      const idleTimer = setTimeout(goAway("idle"), quotas.idleMs).unref();
      const lifetimeTimer = setTimeout(goAway("connection duration"), quotas.connectionMs).unref();
      const conn: Connection = { ws, ...base, lastActiveAt: Date.now(), idleTimer };
      connections.set(connectionId, conn);
      watchFrameSizes(socket, quotas.frameBytes, () => {
        log(`ws connection ${connectionId} closed: a frame over ${quotas.frameBytes} bytes`);
        ws.close(CLOSE_TOO_BIG);
      });
      ws.on("message", (data, isBinary) => {
        // Whatever arrives after a close began (the rest of a frame over quota) goes to no handler.
        if (ws.readyState !== WebSocket.OPEN) return;
        active(conn);
        const text = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
        // Like API Gateway's $default without a route response: the handler's return value goes nowhere;
        // replies travel through the management API. A failure yields AWS's generic error frame.
        void invoke(
          "$default",
          opts.handlers.message,
          event("$default", "MESSAGE", connectionId, conn, {
            body: isBinary ? text.toString("base64") : text.toString("utf8"),
            isBase64Encoded: isBinary,
          }),
        ).then((r) => {
          if (r.statusCode >= 500 && ws.readyState === WebSocket.OPEN) {
            ws.send(JSON.stringify({ message: "Internal server error", connectionId, requestId: randomUUID() }));
          }
        });
      });
      ws.on("close", (code, reason) => {
        clearTimeout(idleTimer);
        clearTimeout(lifetimeTimer);
        connections.delete(connectionId);
        void invoke(
          "$disconnect",
          opts.handlers.disconnect,
          event(
            "$disconnect",
            "DISCONNECT",
            connectionId,
            conn,
            {},
            {
              disconnectStatusCode: code,
              disconnectReason: reason.toString("utf8"),
            },
          ),
        );
      });
      ws.on("error", (err) => log(`ws connection ${connectionId} error: ${err.message}`));
    });
  }

  const port = await listen(server, "ws", opts.port, opts.host);
  domainName = `${opts.host}:${port}`;
  return {
    url: `ws://${opts.host}:${port}`,
    managementUrl: `http://${opts.host}:${port}`,
    connections: () => [...connections.keys()],
    dropAll(options = {}) {
      holdUntil = Date.now() + (options.holdNewForMs ?? 0);
      for (const { ws } of connections.values()) ws.terminate();
    },
    async stop() {
      stopping = true;
      // Going-away close frames; each close runs $disconnect, which we wait for so the connection
      // records are removed before the table goes away.
      for (const { ws } of connections.values()) ws.close(1001, "server stopping");
      const deadline = Date.now() + 2000;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      // Clients that ignore the close frame are cut off; terminate() still fires 'close' → $disconnect.
      for (const { ws } of connections.values()) ws.terminate();
      await new Promise((r) => setImmediate(r));
      await Promise.allSettled([...inflight]);
      wss.close();
      await closeServer(server);
    },
  };
}
