import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { ProcessSandbox } from "@code-remote/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type LocalStack, PortInUseError, startLocalStack } from "../src/index";

// Our SDK clients pass explicit credentials; these only stop a stray default chain from probing IMDS.
process.env.AWS_EC2_METADATA_DISABLED ??= "true";

const RANDOM = { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0 };
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "cr-local-"));
  dirs.push(dir);
  return dir;
};
// One small warm pool shared by the stacks here (a stack leaves a sandbox it was given to its owner).
const sandbox = new ProcessSandbox({ size: 1 });
const decode = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

afterAll(async () => {
  await sandbox.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function waitForJob(stack: LocalStack, token: string, jobId: string) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${stack.urls.api}/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { job?: { state: string; result?: { stdout: string } } };
    if (body.job && ["finished", "failed", "cancelled"].includes(body.job.state)) return body.job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe("local stack", () => {
  let stack: LocalStack;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir();
    // How fast it starts is measured by bench/e2e.ts ("local stack start"), not asserted here.
    stack = await startLocalStack({ dataDir, ports: RANDOM, sandbox, webDist: false, log: () => {} });
  });
  afterAll(() => stack?.stop());

  it("signs the demo user in with ID tokens the API accepts", async () => {
    const { idToken, accessToken } = await stack.signIn(stack.auth.demoUser.username, stack.auth.demoUser.password);
    const id = decode(idToken);
    expect(id).toMatchObject({
      aud: stack.auth.clientId,
      iss: stack.auth.issuer,
      token_use: "id",
      email: stack.auth.demoUser.username,
    });
    expect(decode(accessToken)).toMatchObject({ client_id: stack.auth.clientId, token_use: "access" });
    expect(stack.auth.issuer).toBe(`${stack.urls.cognito}/${stack.auth.userPoolId}`);
    const jwks = (await (await fetch(stack.config.auth.jwksUrl)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(1);

    const res = await fetch(`${stack.urls.api}/jobs`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(res.status).toBe(200);
    expect((await fetch(`${stack.urls.api}/jobs`)).status).toBe(401);
  });

  it("self sign-up: the confirmation code goes to the log and to confirmationCode(), resend replaces it, the confirmed user signs in", async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const own = await startLocalStack({ dataDir: tempDir(), ports: RANDOM, sandbox, webDist: false, log });
    const idp = new CognitoIdentityProviderClient({
      endpoint: own.urls.cognito,
      region: own.auth.region,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    try {
      const email = "Signup.Test@example.test";
      const password = "Passw0rd!-signup";
      const signUp = await idp.send(
        new SignUpCommand({
          ClientId: own.auth.clientId,
          Username: email,
          Password: password,
          UserAttributes: [{ Name: "email", Value: email }],
        }),
      );
      expect(signUp.UserConfirmed).toBe(false);
      expect(signUp.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", Destination: email });
      const first = own.confirmationCode(email);
      expect(first).toMatch(/^\d{6}$/);
      expect(own.confirmationCode(email.toLowerCase())).toBe(first);
      expect(lines).toContain(`confirmation code for ${email}: ${first}`);
      await expect(own.signIn(email, password)).rejects.toMatchObject({ name: "UserNotConfirmedException" });

      await idp.send(new ResendConfirmationCodeCommand({ ClientId: own.auth.clientId, Username: email }));
      const second = own.confirmationCode(email);
      expect(lines).toContain(`confirmation code for ${email}: ${second}`);
      await idp.send(
        new ConfirmSignUpCommand({ ClientId: own.auth.clientId, Username: email, ConfirmationCode: second }),
      );
      const { idToken } = await own.signIn(email, password);
      expect(decode(idToken)).toMatchObject({ email, aud: own.auth.clientId });
      expect(own.confirmationCode("nobody@example.test")).toBeUndefined();
    } finally {
      idp.destroy();
      await own.stop();
    }
  });

  it("builds the handlers' config from the emulators", () => {
    expect(stack.config).toMatchObject({
      stage: "local",
      tableName: stack.tableName,
      queueUrl: stack.queues.jobs,
      dlqUrl: stack.queues.dlq,
      wsManagementUrl: stack.urls.wsManagement,
      auth: { issuer: stack.auth.issuer, clientId: stack.auth.clientId },
      endpoints: { dynamodb: stack.urls.dynamodb, sqs: stack.urls.sqs },
    });
  });

  it("serves /config.json for the web app", async () => {
    const res = await fetch(`${stack.urls.web}/config.json`);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(await res.json()).toEqual({
      apiUrl: stack.urls.api,
      wsUrl: stack.urls.ws,
      region: "us-east-1",
      userPoolId: stack.auth.userPoolId,
      userPoolClientId: stack.auth.clientId,
      userPoolEndpoint: stack.urls.cognito,
    });
  });

  it("refuses a WebSocket without a valid token", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${stack.urls.ws}/?token=nope`);
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => reject(new Error("connected without a token")));
      ws.once("error", reject);
    });
    expect(status).toBe(401);
  });
});

it("keeps jobs, users, pool and client across a restart on the same dataDir", async () => {
  const dataDir = tempDir();
  const first = await startLocalStack({ dataDir, ports: RANDOM, sandbox, webDist: false, log: () => {} });
  let jobId: string;
  let done: Awaited<ReturnType<typeof waitForJob>>;
  try {
    await first.createUser("carol@code-remote.local", "Carol-Passw0rd!");
    const { idToken } = await first.signIn("carol@code-remote.local", "Carol-Passw0rd!");
    const res = await fetch(`${first.urls.api}/execute`, {
      method: "POST",
      headers: { authorization: `Bearer ${idToken}`, "content-type": "application/json" },
      body: JSON.stringify({ code: "print(6 * 7)" }),
    });
    expect(res.status).toBe(202);
    jobId = ((await res.json()) as { job: { jobId: string } }).job.jobId;
    // What the sandbox printed is the sandbox's business (its own tests); here: the job ran to a final state.
    done = await waitForJob(first, idToken, jobId);
    expect(done.state).toBe("finished");
  } finally {
    await first.stop();
  }

  const second = await startLocalStack({ dataDir, ports: RANDOM, sandbox, webDist: false, log: () => {} });
  try {
    expect(second.auth.userPoolId).toBe(first.auth.userPoolId);
    expect(second.auth.clientId).toBe(first.auth.clientId);
    expect(second.auth.demoUser).toEqual(first.auth.demoUser);
    const { idToken } = await second.signIn("carol@code-remote.local", "Carol-Passw0rd!");
    const res = await fetch(`${second.urls.api}/jobs/${jobId}`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ job: { jobId, state: "finished", result: done.result } });
    await second.signIn(second.auth.demoUser.username, second.auth.demoUser.password);
  } finally {
    await second.stop();
  }
});

it("CR_LOG_LEVEL=info logs every step of a job with its ids, attempt and durations", async () => {
  const lines: string[] = [];
  const stack = await startLocalStack({
    dataDir: tempDir(),
    ports: RANDOM,
    sandbox,
    webDist: false,
    log: (line) => lines.push(line),
    settings: { CR_LOG_LEVEL: "info" },
  });
  try {
    const { idToken } = await stack.signIn(stack.auth.demoUser.username, stack.auth.demoUser.password);
    const res = await fetch(`${stack.urls.api}/execute`, {
      method: "POST",
      headers: { authorization: `Bearer ${idToken}`, "content-type": "application/json" },
      body: JSON.stringify({ code: "print(1)" }),
    });
    const { job } = (await res.json()) as { job: { jobId: string; userId: string } };
    await waitForJob(stack, idToken, job.jobId);
    const steps = new Map<string, Record<string, unknown>>();
    for (const line of lines) {
      const match = /^\[info\] (job \w+) (\{.*\})$/.exec(line);
      const fields = match && (JSON.parse(match[2]!) as Record<string, unknown>);
      if (fields?.jobId === job.jobId) steps.set(match![1]!, fields);
    }
    for (const step of ["job submitted", "job running", "job finished"]) {
      expect(steps.get(step), `${step} in ${lines.join("\n")}`).toMatchObject({
        jobId: job.jobId,
        userId: job.userId,
        attempt: 1,
      });
    }
    expect(steps.get("job running")?.queuedMs).toEqual(expect.any(Number));
    expect(steps.get("job finished")).toMatchObject({ runMs: expect.any(Number), verdict: "ok" });
  } finally {
    await stack.stop();
  }
});

it("runs two stacks side by side in one process, each with its own issuer", async () => {
  const [a, b] = await Promise.all([
    startLocalStack({ dataDir: tempDir(), ports: RANDOM, sandbox, webDist: false, log: () => {} }),
    startLocalStack({ dataDir: tempDir(), ports: RANDOM, sandbox, webDist: false, log: () => {} }),
  ]);
  try {
    expect(a.urls.api).not.toBe(b.urls.api);
    expect(a.auth.issuer).not.toBe(b.auth.issuer);
    const tokenA = (await a.signIn(a.auth.demoUser.username, a.auth.demoUser.password)).idToken;
    const tokenB = (await b.signIn(b.auth.demoUser.username, b.auth.demoUser.password)).idToken;
    const get = (stack: LocalStack, token: string) =>
      fetch(`${stack.urls.api}/jobs`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await get(a, tokenA)).toBe(200);
    expect(await get(b, tokenB)).toBe(200);
    // Each API trusts only its own pool.
    expect(await get(a, tokenB)).toBe(401);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

/** A port that was free a moment ago (bind 0, read, release). */
async function freePort(): Promise<number> {
  const probe: Server = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

const canBind = async (port: number) => {
  const probe: Server = createServer();
  const ok = await new Promise<boolean>((r) => {
    probe.once("error", () => r(false));
    probe.listen(port, "127.0.0.1", () => r(true));
  });
  if (ok) await new Promise((r) => probe.close(r));
  return ok;
};

it("names a busy port and its env var, and releases every port it had bound", async () => {
  const blocker: Server = createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
  const busy = (blocker.address() as { port: number }).port;
  const others = {
    web: await freePort(),
    ws: await freePort(),
    cognito: await freePort(),
    dynamodb: await freePort(),
    sqs: await freePort(),
  };
  try {
    const err = await startLocalStack({
      dataDir: tempDir(),
      ports: { ...others, api: busy },
      sandbox,
      webDist: false,
      log: () => {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortInUseError);
    expect((err as Error).message).toContain(`port ${busy} (api)`);
    expect((err as Error).message).toContain("CR_API_PORT");
    for (const port of Object.values(others)) expect(await canBind(port), `port ${port} released`).toBe(true);
  } finally {
    await new Promise((r) => blocker.close(r));
  }
});

it("refuses a jobs queue whose visibility is shorter than the worker's timeout, as Lambda does", async () => {
  const err = await startLocalStack({
    dataDir: tempDir(),
    ports: RANDOM,
    sandbox,
    webDist: false,
    visibilityTimeoutSeconds: 30,
    log: () => {},
  }).catch((e: unknown) => e);
  expect(err).toMatchObject({
    name: "InvalidParameterValueException",
    message: "Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds",
  });
});

describe("static web", () => {
  let stack: LocalStack;
  beforeAll(async () => {
    const dist = tempDir();
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>app</title>");
    writeFileSync(join(dist, "assets", "app-abc123.js"), "console.log(1)");
    writeFileSync(join(tempDir(), "secret.txt"), "no");
    stack = await startLocalStack({ dataDir: tempDir(), ports: RANDOM, sandbox, webDist: dist, log: () => {} });
  });
  afterAll(() => stack?.stop());

  it("serves files with types, caches only hashed assets, and falls back to index.html for routes", async () => {
    const index = await fetch(`${stack.urls.web}/`);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    expect(await index.text()).toContain("<title>app</title>");

    const asset = await fetch(`${stack.urls.web}/assets/app-abc123.js`);
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("cache-control")).toContain("immutable");

    const route = await fetch(`${stack.urls.web}/jobs/01ABC`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain("<title>app</title>");

    expect((await fetch(`${stack.urls.web}/assets/gone-123.js`)).status).toBe(404);
    expect((await fetch(`${stack.urls.web}/..%2f..%2fsecret.txt`)).status).toBe(404);
  });

  it("explains how to build when the app is missing", async () => {
    const bare = await startLocalStack({
      dataDir: tempDir(),
      ports: RANDOM,
      sandbox,
      webDist: join(tempDir(), "nothing-here"),
      log: () => {},
    });
    try {
      const res = await fetch(`${bare.urls.web}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("npm run build:web");
    } finally {
      await bare.stop();
    }
  });
});

afterAll(() => {
  // sanity: nothing above should leave the shared sandbox busy
  expect(sandbox.stats().busy).toBe(0);
});
