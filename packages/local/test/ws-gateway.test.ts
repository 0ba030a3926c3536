import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startWsGateway, type WsEvent, type WsGateway } from "../src/emulators/ws-gateway";

// The real management-API client, as the notifier uses it, against the emulator.
let gateway: WsGateway;
let events: WsEvent[];
let client: ApiGatewayManagementApiClient;

beforeEach(async () => {
  events = [];
  const record = async (e: WsEvent) => {
    events.push(e);
    return { statusCode: 200 };
  };
  gateway = await startWsGateway({
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
});

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
    const started = Date.now();
    const again = await open("good");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(gateway.connections()).toHaveLength(1);
    again.close();
  });
});
