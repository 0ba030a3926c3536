import { connect as connectTcp, type Socket as TcpSocket } from "node:net";
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WS_QUOTAS } from "@code-remote/core/contract";
import { startWsGateway, type WsEvent, type WsGateway, type WsQuotas } from "../src/emulators/ws-gateway";

// The real management-API client, as the notifier uses it, against the emulator.
let gateway: WsGateway;
let events: WsEvent[];
let client: ApiGatewayManagementApiClient;

beforeEach(async () => {
  await startGateway();
});

async function startGateway(quotas?: Partial<WsQuotas>) {
  events = [];
  const record = async (e: WsEvent) => {
    events.push(e);
    return { statusCode: 200 };
  };
  gateway = await startWsGateway({
    ...(quotas ? { quotas } : {}),
    port: 0,
    host: "127.0.0.1",
    handlers: {
      connect: async (e) => {
        events.push(e);
        return e.queryStringParameters?.token === "good" ? { statusCode: 200 } : { statusCode: 401, body: "no" };
      },
      message: record,
      disconnect: record,
    },
  });
  client = new ApiGatewayManagementApiClient({
    endpoint: gateway.managementUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

/** A gateway with other quotas (short idle and lifetime limits) in place of the default one. */
async function restartGateway(quotas: Partial<WsQuotas>) {
  client.destroy();
  await gateway.stop();
  await startGateway(quotas);
}

afterEach(async () => {
  client.destroy();
  await gateway.stop();
});

function open(token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${gateway.url}/?token=${token}`, { headers: { "user-agent": "vitest" } });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

const nextFrame = (ws: WebSocket) => new Promise<string>((r) => ws.once("message", (d) => r(String(d))));
const closed = (ws: WebSocket) => new Promise<number>((r) => ws.once("close", (code) => r(code)));
const messages = () => events.filter((e) => e.requestContext.eventType === "MESSAGE");
const connectionIdOf = (i = 0) =>
  events.filter((e) => e.requestContext.eventType === "CONNECT")[i]!.requestContext.connectionId;

/**
 * A WebSocket client on a bare TCP socket, to see what ws hides: the frames as they arrive (with
 * their sizes) and a frame header sent without its payload.
 */
async function rawClient(): Promise<{
  tcp: TcpSocket;
  frames: Array<{ opcode: number; fin: boolean; payload: Buffer }>;
  next: () => Promise<void>;
}> {
  const { port, hostname } = new URL(gateway.url);
  const tcp = connectTcp(Number(port), hostname);
  const frames: Array<{ opcode: number; fin: boolean; payload: Buffer }> = [];
  let wake = () => {};
  let buf = Buffer.alloc(0);
  let upgraded = false;
  tcp.on("data", (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    if (!upgraded) {
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      expect(buf.subarray(0, end).toString()).toMatch(/^HTTP\/1.1 101/);
      upgraded = true;
      buf = buf.subarray(end + 4);
    }
    // Server frames are not masked.
    for (;;) {
      if (buf.length < 2) break;
      let length = buf[1]! & 0x7f;
      let at = 2;
      if (length === 126) [length, at] = [buf.readUInt16BE(2), 4];
      else if (length === 127) [length, at] = [Number(buf.readBigUInt64BE(2)), 10];
      if (buf.length < at + length) break;
      frames.push({ opcode: buf[0]! & 0x0f, fin: (buf[0]! & 0x80) !== 0, payload: buf.subarray(at, at + length) });
      buf = buf.subarray(at + length);
    }
    wake();
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once("connect", resolve);
    tcp.once("error", reject);
  });
  tcp.write(
    "GET /?token=good HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  const next = () => new Promise<void>((r) => (wake = r));
  while (!upgraded) await next();
  return { tcp, frames, next };
}
const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe("ws gateway", () => {
  it("rejects the upgrade with $connect's status", async () => {
    await expect(open("bad")).rejects.toThrow("status 401");
    expect(gateway.connections()).toEqual([]);
  });

  it("sends API Gateway-shaped events and serves the management API", async () => {
    const ws = await open("good");
    const connect = events[0]!;
    expect(connect.requestContext).toMatchObject({ routeKey: "$connect", eventType: "CONNECT", stage: "local" });
    expect(connect.requestContext.identity.userAgent).toBe("vitest");
    expect(connect.queryStringParameters).toEqual({ token: "good" });
    const id = connect.requestContext.connectionId;
    expect(gateway.connections()).toEqual([id]);

    ws.send(JSON.stringify({ action: "ping" }));
    await waitFor(() => events.length === 2);
    expect(events[1]).toMatchObject({
      body: '{"action":"ping"}',
      requestContext: { routeKey: "$default", eventType: "MESSAGE", connectionId: id },
    });

    const frame = nextFrame(ws);
    await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('{"type":"pong"}') }));
    expect(await frame).toBe('{"type":"pong"}');

    const info = await client.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.LastActiveAt).toBeInstanceOf(Date);
    expect(info.Identity).toEqual({ SourceIp: "127.0.0.1", UserAgent: "vitest" });

    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    await client.send(new DeleteConnectionCommand({ ConnectionId: id }));
    expect(await closed).toBe(1000);
    await waitFor(() => events.some((e) => e.requestContext.routeKey === "$disconnect"));
    expect(events.at(-1)!.requestContext).toMatchObject({ eventType: "DISCONNECT", connectionId: id });

    // A closed connection is gone, in the way the SDK recognises.
    const err = await client
      .send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from("x") }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoneException);
    expect((err as GoneException).$metadata.httpStatusCode).toBe(410);
    await expect(client.send(new GetConnectionCommand({ ConnectionId: "never+existed/==" }))).rejects.toBeInstanceOf(
      GoneException,
    );
  });

  it("runs $disconnect when the client goes away and on stop", async () => {
    const a = await open("good");
    await open("good");
    a.close();
    await waitFor(() => events.filter((e) => e.requestContext.eventType === "DISCONNECT").length === 1);
    await gateway.stop();
    expect(events.filter((e) => e.requestContext.eventType === "DISCONNECT")).toHaveLength(2);
  });

  it("dropAll cuts every connection without a close frame and holds new upgrades for a while", async () => {
    const ws = await open("good");
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    gateway.dropAll({ holdNewForMs: 300 });
    expect(await closed).toBe(1006); // abnormal closure: what a dropped network looks like
    await waitFor(() => events.some((e) => e.requestContext.routeKey === "$disconnect"));
    const started = performance.now();
    const again = await open("good");
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(gateway.connections()).toHaveLength(1);
    again.close();
  });
});

describe("API Gateway's quotas", () => {
  it("a frame over 32 KB closes the connection with 1009 and reaches no handler; one of 32 KB is a message", async () => {
    const ws = await open("good");
    ws.send("a".repeat(WS_QUOTAS.frameBytes));
    await waitFor(() => messages().length === 1);
    expect(messages()[0]!.body).toHaveLength(WS_QUOTAS.frameBytes);
    const code = closed(ws);
    ws.send("b".repeat(WS_QUOTAS.frameBytes + 1));
    expect(await code).toBe(1009);
    await waitFor(() => events.some((e) => e.requestContext.eventType === "DISCONNECT"));
    expect(messages()).toHaveLength(1);
    expect(events.at(-1)!.requestContext.disconnectStatusCode).toBe(1009);
  });

  it("a message of 128 KB in frames of 32 KB arrives whole; one byte more closes with 1009", async () => {
    const sendInFrames = (ws: WebSocket, text: string) => {
      for (let at = 0; at < text.length; at += WS_QUOTAS.frameBytes) {
        ws.send(text.slice(at, at + WS_QUOTAS.frameBytes), { fin: at + WS_QUOTAS.frameBytes >= text.length });
      }
    };
    const ws = await open("good");
    sendInFrames(ws, "m".repeat(WS_QUOTAS.messageBytes));
    await waitFor(() => messages().length === 1);
    expect(messages()[0]!.body).toBe("m".repeat(WS_QUOTAS.messageBytes));
    const code = closed(ws);
    sendInFrames(ws, "n".repeat(WS_QUOTAS.messageBytes + 1));
    expect(await code).toBe(1009);
    expect(messages()).toHaveLength(1);
  });

  it("a 60 MiB frame is refused at its header, before its payload is sent", async () => {
    const raw = await rawClient();
    // FIN + text, masked, 64-bit length of 60 MiB, a mask, and only 16 bytes of the payload.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(60 * 1024 * 1024), 2);
    raw.tcp.write(Buffer.concat([header, Buffer.alloc(16)]));
    while (!raw.frames.some((f) => f.opcode === 0x8)) await raw.next();
    const close = raw.frames.find((f) => f.opcode === 0x8)!;
    expect(close.payload.readUInt16BE(0)).toBe(1009);
    expect(messages()).toHaveLength(0);
    raw.tcp.destroy();
  });

  it("frame headers split across TCP reads are still measured: a byte at a time, one frame passes, the next is refused", async () => {
    const raw = await rawClient();
    raw.tcp.setNoDelay(true);
    const writeByteByByte = async (bytes: Buffer) => {
      for (const byte of bytes) await new Promise<void>((r) => raw.tcp.write(Buffer.of(byte), () => setTimeout(r, 1)));
    };
    // Masked with a zero key, so the payload is sent as it is. 300 bytes: a 16-bit length.
    const frame = (length: number, fill: string) => {
      const header = Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0]);
      return Buffer.concat([header, Buffer.alloc(length, fill)]);
    };
    await writeByteByByte(frame(300, "s"));
    await waitFor(() => messages().length === 1);
    expect(messages()[0]!.body).toBe("s".repeat(300));
    await writeByteByByte(frame(WS_QUOTAS.frameBytes + 1, "t").subarray(0, 8));
    while (!raw.frames.some((f) => f.opcode === 0x8)) await raw.next();
    expect(raw.frames.find((f) => f.opcode === 0x8)!.payload.readUInt16BE(0)).toBe(1009);
    expect(messages()).toHaveLength(1);
    raw.tcp.destroy();
  });

  it("PostToConnection over 128 KB is a 413 PayloadTooLargeException and sends nothing", async () => {
    const ws = await open("good");
    const received: string[] = [];
    ws.on("message", (d) => received.push(String(d)));
    const err = await client
      .send(
        new PostToConnectionCommand({
          ConnectionId: connectionIdOf(),
          Data: Buffer.alloc(WS_QUOTAS.messageBytes + 1, 0x61),
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeException);
    expect((err as PayloadTooLargeException).$metadata.httpStatusCode).toBe(413);
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionIdOf(), Data: Buffer.from("after") }));
    await waitFor(() => received.length === 1);
    expect(received).toEqual(["after"]);
    ws.close();
  });

  it("a push of 128 KB arrives whole, in frames of at most 32 KB, as API Gateway sends it", async () => {
    const raw = await rawClient();
    const id = connectionIdOf();
    const text = "é".repeat(WS_QUOTAS.messageBytes / 2); // multi-byte: frames split characters, the message does not
    await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from(text) }));
    while (!raw.frames.at(-1)?.fin) await raw.next();
    expect(raw.frames.map((f) => f.payload.length)).toEqual([32_000, 32_000, 32_000, 32_000]);
    expect(raw.frames.map((f) => f.opcode)).toEqual([0x1, 0x0, 0x0, 0x0]); // text, then continuations
    expect(Buffer.concat(raw.frames.map((f) => f.payload)).toString("utf8")).toBe(text);
    raw.tcp.destroy();
  });

  it("a connection with no message either way for the idle time is closed with 1001; messages keep it open", async () => {
    await restartGateway({ idleMs: 800 });
    const ws = await open("good");
    const code = closed(ws);
    let closedAt = 0;
    void code.then(() => (closedAt = performance.now()));
    // Three idle times of traffic, alternating directions: the connection stays open throughout.
    const busyUntil = performance.now() + 2_400;
    let lastActivity = 0;
    for (let i = 0; performance.now() < busyUntil; i++) {
      expect(ws.readyState).toBe(WebSocket.OPEN);
      if (i % 2 === 0) ws.send(JSON.stringify({ action: "ping" }));
      else await client.send(new PostToConnectionCommand({ ConnectionId: connectionIdOf(), Data: Buffer.from("{}") }));
      lastActivity = performance.now(); // the gateway saw it at this moment or just after
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await code).toBe(1001);
    expect(closedAt - lastActivity).toBeGreaterThanOrEqual(800 - 100); // less a reply's way back
    await waitFor(() => events.some((e) => e.requestContext.eventType === "DISCONNECT"));
    expect(events.at(-1)!.requestContext.disconnectStatusCode).toBe(1001);
  });

  it("a connection is closed with 1001 at the end of its lifetime, busy or not", async () => {
    await restartGateway({ connectionMs: 1_000 });
    const ws = await open("good");
    const openedAt = performance.now();
    const code = closed(ws);
    let done = false;
    void code.then(() => (done = true));
    while (!done) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ action: "ping" }));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await code).toBe(1001);
    expect(performance.now() - openedAt).toBeGreaterThanOrEqual(950);
  });

  it("relays $connect's refusal status, e.g. 429 for a user over the connection cap", async () => {
    client.destroy();
    await gateway.stop();
    gateway = await startWsGateway({
      port: 0,
      host: "127.0.0.1",
      handlers: {
        connect: async () => ({ statusCode: 429, body: '{"error":{"code":"TOO_MANY_CONNECTIONS"}}' }),
        message: async () => ({ statusCode: 200 }),
        disconnect: async () => ({ statusCode: 200 }),
      },
    });
    client = new ApiGatewayManagementApiClient({ endpoint: gateway.managementUrl, region: "us-east-1" });
    await expect(open("good")).rejects.toThrow("status 429");
    expect(gateway.connections()).toEqual([]);
  });
});
