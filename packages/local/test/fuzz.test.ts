import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, Socket } from "./support/client";
import { decodeJwt, foreignRsaKey, prng, signJwt } from "./support/fuzz";
import { NO_LIMITS, startTestStack, type TestStack } from "./support/stack";

// At least 2,000 malformed inputs: bodies, headers, forged tokens, paths and WebSocket frames.
// None may get a 5xx or crash anything, and the stack must still run a normal job afterwards.
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let token: string;
let cases = 0;

beforeAll(async () => {
  stack = await startTestStack({ settings: NO_LIMITS });
  api = apiClient(stack.urls.api);
  token = (await stack.signIn(stack.auth.demoUser.username, stack.auth.demoUser.password)).idToken;
});

afterAll(async () => {
  console.log(`fuzz: ${cases} malformed inputs, seed ${SEED}`);
  await stack?.stop();
});

type Call = Parameters<ReturnType<typeof apiClient>>;

/** Run calls a few at a time; every answer must be a clean error or success, never a 5xx. */
/** API Gateway's own answers (HTTP APIs cannot reshape them): its JWT authorizer refused the token, or no route matched. */
const isGatewayAnswer = (r: { status: number; body: unknown }) =>
  (r.status === 401 && JSON.stringify(r.body) === JSON.stringify({ message: "Unauthorized" })) ||
  (r.status === 404 && JSON.stringify(r.body) === JSON.stringify({ message: "Not Found" }));

async function expectNo5xx(calls: Call[], expectStatus?: number) {
  for (let i = 0; i < calls.length; i += 16) {
    await Promise.all(
      calls.slice(i, i + 16).map(async ([path, options]) => {
        const r = await api(path, options);
        cases++;
        const context = `${options?.method ?? "GET"} ${path.slice(0, 80)} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;
        expect(r.status, context).toBeLessThan(500);
        if (expectStatus !== undefined) expect(r.status, context).toBe(expectStatus);
        if (isGatewayAnswer(r)) return; // refused by the JWT authorizer before the function
        if (r.status >= 400) {
          expect(typeof r.body?.error?.code, context).toBe("string");
          expect(typeof r.body?.error?.message, context).toBe("string");
        }
      }),
    );
  }
}

describe("fuzz", () => {
  it("800 malformed /execute bodies", async () => {
    const r = prng(SEED);
    const calls: Call[] = Array.from({ length: 800 }, (_, i) => {
      if (i % 4 === 0) {
        const raw = r.pick([
          r.string(200),
          "{" + r.string(50),
          "[".repeat(5000),
          '{"code": "x", "limits": {"wallMs": 1e999}}',
          '{"code": 1}',
          "\ufeff{}",
          "null",
          JSON.stringify(r.value()).slice(0, r.int(50)),
        ]);
        return [
          "/execute",
          {
            token,
            method: "POST",
            rawBody: raw,
            headers: { "content-type": r.pick(["application/json", "text/plain", "x/y"]) },
          },
        ];
      }
      // Never a non-empty string in `code` with everything else valid: those would be real jobs.
      const body = r.value() as Record<string, unknown>;
      if (body && typeof body === "object" && !Array.isArray(body) && typeof body.code === "string")
        body.limits = { wallMs: -1 };
      return ["/execute", { token, method: "POST", body }];
    });
    await expectNo5xx(calls);
  });

  it("400 malformed headers and paths", async () => {
    const r = prng(SEED + 1);
    const latin1 = () => r.string(30).replace(/[^\x20-\x7e]/g, "x");
    // Well-formed percent-encoding of odd text, or deliberately broken encodings.
    const urlPart = () =>
      r.next() < 0.2
        ? r.pick(["%", "%E0%A4%A", "%ZZ", "%00", "..%2F..%2Fetc", "%C0%AE%C0%AE"])
        : encodeURIComponent(r.string(30).replace(/[\ud800-\udfff]/g, "?"));
    const calls: Call[] = Array.from({ length: 400 }, (): Call => {
      const choice = r.int(6);
      if (choice === 0) return ["/jobs", { headers: { authorization: latin1() } }];
      if (choice === 1) return ["/jobs", { headers: { authorization: `Bearer ${latin1()}` } }];
      if (choice === 2) return [`/jobs/${urlPart()}`, { token }];
      if (choice === 3) return [`/jobs/${urlPart()}/cancel`, { token, method: "POST" }];
      if (choice === 4) return [`/jobs?limit=${urlPart()}&cursor=${urlPart()}`, { token }];
      return [
        r.pick(["/execute", "/jobs", "/health", "/jobs/x"]),
        { token, method: r.pick(["PUT", "DELETE", "PATCH"]) },
      ];
    });
    await expectNo5xx(calls);
  });

  it("400 forged tokens: expired, wrong issuer or audience, foreign key, alg none, HS256 confusion, tampered", async () => {
    const r = prng(SEED + 2);
    const require = createRequire(import.meta.url);
    const keyFile = require.resolve("cognito-local/lib/keys/cognitoLocal.private.json");
    const realKey = (JSON.parse(readFileSync(keyFile, "utf8")) as { pem: string }).pem;
    const publicJwks = await (await fetch(stack.config.auth.jwksUrl)).text();
    const foreign = foreignRsaKey();
    const { header, payload } = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    const forgers: Array<() => string> = [
      () => signJwt(header, { ...payload, exp: now - 1 - r.int(100_000) }, realKey),
      () => signJwt(header, { ...payload, iss: `${payload.iss}x` }, realKey),
      () => signJwt(header, { ...payload, iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_evil" }, realKey),
      () => signJwt(header, { ...payload, aud: "another-client" }, realKey),
      () => signJwt(header, { ...payload, token_use: "access" }, realKey),
      () => signJwt(header, { ...payload, sub: undefined }, realKey),
      () => signJwt(header, { ...payload, nbf: now + 3600 }, realKey),
      () => signJwt(header, payload, foreign),
      () => signJwt({ ...header, kid: r.string(10) }, payload, foreign),
      () => signJwt({ alg: "none", typ: "JWT" }, payload, ""),
      () => signJwt({ ...header, alg: "HS256" }, payload, publicJwks),
      () => {
        const [h, p, s] = token.split(".");
        const tampered = Buffer.from(JSON.stringify({ ...payload, sub: "someone-else" })).toString("base64url");
        return r.pick([`${h}.${tampered}.${s}`, `${h}.${p}`, `${h}.${p}.${s}.${s}`, `${p}.${h}.${s}`, `${h}.${p}.`]);
      },
    ];
    const calls: Call[] = Array.from({ length: 400 }, (_, i): Call => {
      const forged = forgers[i % forgers.length]!();
      return r.next() < 0.5
        ? ["/jobs", { token: forged }]
        : ["/execute", { token: forged, body: { code: "print(1)" } }];
    });
    await expectNo5xx(calls, 401);
  });

  it("400 WebSocket frames and connection attempts", async () => {
    const r = prng(SEED + 3);
    const socket = await Socket.open(stack.urls.ws, token);
    for (let i = 0; i < 350; i++) {
      const frame = r.pick([
        () => r.string(100).replace(/[\ud800-\udfff]/g, "?"),
        () => JSON.stringify(r.value()),
        () =>
          JSON.stringify({ action: r.pick(["ping", "PING", "exec", "", "$default", "$connect"]), extra: r.value() }),
        () => Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256))),
        // Just under API Gateway's 32 KB frame quota: a larger frame closes the connection (the gateway's own test).
        () => "x".repeat(31 * 1024),
      ])();
      socket.ws.send(frame);
      cases++;
    }
    // The connection survives all of it and still answers.
    socket.ws.send(JSON.stringify({ action: "ping" }));
    await socket.waitFor((f): f is { type: "pong" } => f.type === "pong" && socket.frames.indexOf(f) >= 0, 30_000);
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
    socket.close();

    for (let i = 0; i < 50; i++) {
      const bad = r.pick([
        r.string(20).replace(/[\ud800-\udfff]/g, "?"),
        `${token}x`,
        "",
        token.split(".").slice(0, 2).join("."),
      ]);
      await expect(Socket.open(stack.urls.ws, bad)).rejects.toThrow(/upgrade refused: 401/);
      cases++;
    }
  });

  it("afterwards the stack still runs a normal job", async () => {
    const socket = await Socket.open(stack.urls.ws, token);
    const r = await api("/execute", { token, body: { code: "print(sum(range(10)))" } });
    expect(r.status).toBe(202);
    const { job } = await socket.waitForFinal(r.body.job.jobId);
    expect(job.result?.stdout).toBe("45\n");
    expect((await api("/health")).status).toBe(200);
    expect(cases).toBeGreaterThanOrEqual(2000);
    socket.close();
  });
});
