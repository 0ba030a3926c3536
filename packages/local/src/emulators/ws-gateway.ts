import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { APIGatewayEventWebsocketRequestContextV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { WebSocket, WebSocketServer } from "ws";
import { closeServer, listen } from "../net";

/**
 * API Gateway WebSocket API, emulated: `$connect`/`$default`/`$disconnect` become Lambda-shaped events for
 * the same handlers the cloud runs, and the same port answers the management API
 * (`POST|GET|DELETE /@connections/{id}`) that @aws-sdk/client-apigatewaymanagementapi calls.
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
}

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

/** Refuse an upgrade with a plain HTTP status, as API Gateway does when `$connect` returns non-2xx. */
function rejectUpgrade(socket: Duplex, status: number, body = "") {
  const reason = status === 401 ? "Unauthorized" : status === 403 ? "Forbidden" : status >= 500 ? "Internal Server Error" : "Error";
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
}): Promise<WsGateway> {
  const log = opts.log ?? (() => {});
  const connections = new Map<string, Connection>();
  const wss = new WebSocketServer({ noServer: true });
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
      case "POST":
        // Frames the API posts are text frames for the browser, exactly the bytes the SDK sent.
        conn.ws.send(body!.toString("utf8"));
        res.writeHead(200).end();
        return;
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
      Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(",") : v]])),
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
      const conn: Connection = { ws, ...base, lastActiveAt: Date.now() };
      connections.set(connectionId, conn);
      ws.on("message", (data, isBinary) => {
        conn.lastActiveAt = Date.now();
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
        connections.delete(connectionId);
        void invoke(
          "$disconnect",
          opts.handlers.disconnect,
          event("$disconnect", "DISCONNECT", connectionId, conn, {}, {
            disconnectStatusCode: code,
            disconnectReason: reason.toString("utf8"),
          }),
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
