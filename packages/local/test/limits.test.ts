import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, Socket } from "./support/client";
import { startTestStack, type TestStack } from "./support/stack";

// Abuse limits through the real stack, configured tight so they are reached in a few requests.
let stack: TestStack;
let api: ReturnType<typeof apiClient>;

/**
 * The handlers' clock: limits count in fixed one-minute windows, so a test starts at the beginning of a
 * window of its own by moving the clock there instead of waiting for the wall clock to get there.
 */
const clock = {
  offsetMs: 0,
  now() {
    return Date.now() + this.offsetMs;
  },
  /** One second into the next window: a whole minute of it left, whatever the wall clock says. */
  toFreshWindow() {
    const now = this.now();
    this.offsetMs += Math.ceil(now / 60_000) * 60_000 + 1000 - now;
  },
};
const awayFromWindowEdge = () => clock.toFreshWindow();

const user = (name: string) => stack.user(name);

beforeAll(async () => {
  stack = await startTestStack({
    settings: {
      CR_LIMIT_EXECUTE_PER_MINUTE: "5",
      CR_LIMIT_MAX_QUEUED_PER_USER: "3",
      CR_LIMIT_WS_MESSAGES_PER_MINUTE: "5",
      CR_LIMIT_MAX_CONNECTIONS_PER_USER: "3",
    },
    clock,
  });
  api = apiClient(stack.urls.api);
});

afterAll(async () => {
  await stack?.stop();
});

describe("per-user limits kept in the table", () => {
  it("the 6th execute in a minute is 429 RATE_LIMITED with Retry-After; another user is unaffected", async () => {
    const token = await user("rate");
    awayFromWindowEdge();
    const socket = await Socket.open(stack.urls.ws, token);
    for (let i = 0; i < 5; i++) {
      const r = await api("/execute", { token, body: { code: `print(${i})` } });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      await socket.waitForFinal(r.body.job.jobId);
    }
    const refused = await api("/execute", { token, body: { code: "print('one too many')" } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.error.message).toMatch(/Try again in \d+ s/);
    socket.close();

    const other = await user("rate-other");
    expect((await api("/execute", { token: other, body: { code: "print(1)" } })).status).toBe(202);
  });

  it("at most N jobs waiting or running per user: the next is 429 TOO_MANY_JOBS", async () => {
    const token = await user("queue");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await api("/execute", {
        token,
        body: { code: "import time\ntime.sleep(20)", limits: { wallMs: 25_000 } },
      });
      expect(r.status).toBe(202);
      ids.push(r.body.job.jobId);
    }
    const refused = await api("/execute", { token, body: { code: "print(1)" } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("TOO_MANY_JOBS");
    expect(refused.headers.get("retry-after")).toBeTruthy();
    for (const id of ids) expect((await api(`/jobs/${id}/cancel`, { token, method: "POST" })).status).toBe(200);
    // Ended jobs give their places back (the fifth request of the minute: the rate limit here is 5).
    const again = await api("/execute", { token, body: { code: "print('room again')" } });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
  });
});

describe("WebSocket limits", () => {
  it("answers a message over 32 KiB with an error frame, and limits messages per connection", async () => {
    const token = await user("ws");
    awayFromWindowEdge();
    const socket = await Socket.open(stack.urls.ws, token);
    // In two frames: API Gateway closes the connection on one frame over 32 KB, but lets a message of
    // up to 128 KB through in smaller frames. That one is ours to refuse.
    const big = JSON.stringify({ action: "ping", pad: "x".repeat(33 * 1024) });
    socket.ws.send(big.slice(0, 20_000), { fin: false });
    socket.ws.send(big.slice(20_000), { fin: true });
    const tooBig = await socket.waitFor(
      (f): f is { type: "error"; error: { code: string; message: string } } => f.type === "error",
    );
    expect(tooBig.error.code).toBe("PAYLOAD_TOO_LARGE");
    // That frame counted as one message; four more pings fit in the limit of five, the next does not.
    for (let i = 0; i < 5; i++) socket.ws.send(JSON.stringify({ action: "ping" }));
    // Messages are handled concurrently, so answers may come in any order: wait for all five.
    const limited = () => socket.frames.filter((f) => f.type === "error" && f.error.code === "RATE_LIMITED");
    const pongs = () => socket.frames.filter((f) => f.type === "pong");
    await socket.waitFor((f): f is never => pongs().length + limited().length >= 5);
    expect(pongs()).toHaveLength(4);
    expect(limited()).toHaveLength(1);
    socket.close();
  });

  it("at most N open connections per user: the next upgrade is refused with 429, until one closes", async () => {
    const token = await user("tabs");
    const sockets: Socket[] = [];
    for (let i = 0; i < 3; i++) sockets.push(await Socket.open(stack.urls.ws, token));
    await expect(Socket.open(stack.urls.ws, token)).rejects.toThrow(/upgrade refused: 429/);
    const other = await Socket.open(stack.urls.ws, await user("tabs-other")); // another user is not affected
    // A refused connection left no record behind: one closed tab makes room for exactly one.
    const first = sockets.shift()!;
    await new Promise((resolve) => {
      first.ws.once("close", resolve);
      first.close();
    });
    let reopened: Socket | undefined;
    for (let i = 0; !reopened && i < 100; i++) {
      // $disconnect runs just after the close; until it has, the cap still counts the old connection.
      reopened = await Socket.open(stack.urls.ws, token).catch(() => undefined);
      if (!reopened) await new Promise((r) => setTimeout(r, 50));
    }
    expect(reopened).toBeDefined();
    await expect(Socket.open(stack.urls.ws, token)).rejects.toThrow(/upgrade refused: 429/);
    // Pushes still reach every open connection of the user.
    const r = await api("/execute", { token, body: { code: "print('to every tab')" } });
    for (const s of [...sockets, reopened!])
      expect((await s.waitForFinal(r.body.job.jobId)).job.result?.stdout).toBe("to every tab\n");
    for (const s of [...sockets, reopened!, other]) s.close();
  });

  it("an unknown action gets a VALIDATION_FAILED error frame, and the connection stays usable", async () => {
    const token = await user("ws-bad");
    const socket = await Socket.open(stack.urls.ws, token);
    socket.ws.send("not json");
    socket.ws.send(JSON.stringify({ action: "exec", code: "import os" }));
    await socket.waitFor((f): f is never => socket.frames.filter((x) => x.type === "error").length >= 2);
    expect(socket.frames.every((f) => f.type !== "error" || f.error.code === "VALIDATION_FAILED")).toBe(true);
    socket.ws.send(JSON.stringify({ action: "ping" }));
    await socket.waitFor((f): f is { type: "pong" } => f.type === "pong");
    socket.close();
  });
});

describe("health", () => {
  it("reports the table, the queue and the sandbox pool", async () => {
    const r = await api("/health");
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ok");
    expect(r.body.checks.table.ok).toBe(true);
    expect(r.body.checks.queue).toMatchObject({
      ok: true,
      detail: { waiting: expect.any(Number), inFlight: expect.any(Number) },
    });
    expect(r.body.checks.sandbox.detail).toMatchObject({ size: expect.any(Number), idle: expect.any(Number) });
  });
});
