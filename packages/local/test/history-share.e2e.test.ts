import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ProcessSandbox } from "@code-remote/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../src/index";

// History management (rename, delete) and sharing a run by link, over HTTP against the running
// local stack: the API app behind the JWT authorizer twin, the table, the bucket, the worker.

process.env.AWS_EC2_METADATA_DISABLED ??= "true";

const RANDOM = { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0 };
const sandbox = new ProcessSandbox({ size: 1 });
let stack: LocalStack;
let dataDir: string;
let alice: string;
let bob: string;

interface JobBody {
  jobId: string;
  state: string;
  title?: string;
  shareToken?: string;
  trace?: { key: string };
  result?: { stdout: string };
}

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.urls.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> | undefined };
}

async function submit(token: string, request: object): Promise<string> {
  const res = await call(token, "POST", "/execute", request);
  expect(res.status).toBe(202);
  return res.body!.job.jobId as string;
}

async function until(token: string, jobId: string, done: (job: JobBody) => boolean): Promise<JobBody> {
  for (let i = 0; i < 400; i++) {
    const { body } = await call(token, "GET", `/jobs/${jobId}`);
    if (body?.job && done(body.job as JobBody)) return body.job as JobBody;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} never reached the state waited for`);
}
const ended = (job: JobBody) => ["finished", "failed", "cancelled"].includes(job.state);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cr-history-"));
  stack = await startLocalStack({ dataDir, ports: RANDOM, sandbox, webDist: false, objectSweepMs: 0, log: () => {} });
  await stack.createUser("alice@code-remote.local", "Alice-Passw0rd!");
  await stack.createUser("bob@code-remote.local", "Bob-Passw0rd!");
  alice = (await stack.signIn("alice@code-remote.local", "Alice-Passw0rd!")).idToken;
  bob = (await stack.signIn("bob@code-remote.local", "Bob-Passw0rd!")).idToken;
});

afterAll(async () => {
  await stack?.stop();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("history management over HTTP", () => {
  it("renames a run (trimmed; listed with its title), clears it with null, refuses a bad title", async () => {
    const jobId = await submit(alice, { code: "print('hi')" });
    await until(alice, jobId, ended);

    const renamed = await call(alice, "PATCH", `/jobs/${jobId}`, { title: "  Greeting  " });
    expect(renamed).toMatchObject({ status: 200, body: { job: { jobId, title: "Greeting" } } });
    expect((await call(alice, "GET", `/jobs/${jobId}`)).body!.job.title).toBe("Greeting");
    const listed = (await call(alice, "GET", "/jobs")).body!.jobs as JobBody[];
    expect(listed.find((j) => j.jobId === jobId)?.title).toBe("Greeting");

    const tooLong = await call(alice, "PATCH", `/jobs/${jobId}`, { title: "x".repeat(101) });
    expect(tooLong).toMatchObject({ status: 400, body: { error: { code: "VALIDATION_FAILED", field: "title" } } });
    expect((await call(alice, "GET", `/jobs/${jobId}`)).body!.job.title).toBe("Greeting");

    // Another user's rename is a 404, exactly like a missing job, and changes nothing.
    expect(await call(bob, "PATCH", `/jobs/${jobId}`, { title: "mine now" })).toMatchObject({
      status: 404,
      body: { error: { code: "JOB_NOT_FOUND" } },
    });
    expect((await call(alice, "GET", `/jobs/${jobId}`)).body!.job.title).toBe("Greeting");

    const cleared = await call(alice, "PATCH", `/jobs/${jobId}`, { title: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body!.job).not.toHaveProperty("title");
  });

  it("deletes a trace run with its trace object; another user's delete is a 404; a deleted run is gone", async () => {
    const jobId = await submit(alice, { code: "x = 1\nprint(x + 1)", mode: "trace" });
    const job = await until(alice, jobId, ended);
    expect(job.state).toBe("finished");
    expect(job.trace?.key).toBeTruthy();
    expect(
      (await fetch(`${stack.urls.api}/jobs/${jobId}/trace`, { headers: { authorization: `Bearer ${alice}` } })).status,
    ).toBe(200);
    const s3 = new S3Client({
      endpoint: stack.urls.s3,
      region: stack.auth.region,
      forcePathStyle: true,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const object = () => s3.send(new GetObjectCommand({ Bucket: stack.bucketName, Key: job.trace!.key }));
    await object(); // stored

    expect(await call(bob, "DELETE", `/jobs/${jobId}`)).toMatchObject({
      status: 404,
      body: { error: { code: "JOB_NOT_FOUND" } },
    });
    expect((await call(alice, "GET", `/jobs/${jobId}`)).status).toBe(200);

    expect((await call(alice, "DELETE", `/jobs/${jobId}`)).status).toBe(204);
    expect((await call(alice, "GET", `/jobs/${jobId}`)).status).toBe(404);
    expect(((await call(alice, "GET", "/jobs")).body!.jobs as JobBody[]).some((j) => j.jobId === jobId)).toBe(false);
    await expect(object()).rejects.toMatchObject({ name: "NoSuchKey" });
    expect(await stack.sweepObjects()).toEqual([]); // the API removed it: nothing was left for the sweeper
    expect(await call(alice, "DELETE", `/jobs/${jobId}`)).toMatchObject({
      status: 404,
      body: { error: { code: "JOB_NOT_FOUND" } },
    });
    s3.destroy();
  });

  it("a run still running is not deleted (409 JOB_STILL_RUNNING); once cancelled it is", async () => {
    const jobId = await submit(alice, { code: "import time\ntime.sleep(20)" });
    await until(alice, jobId, (j) => j.state === "running");
    const refused = await call(alice, "DELETE", `/jobs/${jobId}`);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "JOB_STILL_RUNNING" } } });
    expect(refused.body!.error.message).toMatch(/cancel it first/);
    expect((await call(alice, "GET", `/jobs/${jobId}`)).body!.job.state).toBe("running");
    // Nor can a running run be shared: it has no result yet.
    expect(await call(alice, "POST", `/jobs/${jobId}/share`)).toMatchObject({
      status: 409,
      body: { error: { code: "JOB_STILL_RUNNING" } },
    });

    expect((await call(alice, "POST", `/jobs/${jobId}/cancel`)).status).toBe(200);
    expect((await call(alice, "DELETE", `/jobs/${jobId}`)).status).toBe(204);
    expect((await call(alice, "GET", `/jobs/${jobId}`)).status).toBe(404);
  });
});

describe("sharing a run by link over HTTP", () => {
  it("the owner shares a finished run; another signed-in user reads it; revoking makes the link a 404", async () => {
    const jobId = await submit(alice, {
      code: "print(input()[::-1])",
      stdin: "stressed\n",
      tests: [{ stdin: "abc\n", expected: "cba\n" }],
    });
    const job = await until(alice, jobId, ended);
    expect(job.state).toBe("finished");
    await call(alice, "PATCH", `/jobs/${jobId}`, { title: "Reverse" });

    expect(await call(bob, "POST", `/jobs/${jobId}/share`)).toMatchObject({
      status: 404,
      body: { error: { code: "JOB_NOT_FOUND" } },
    });
    const res = await fetch(`${stack.urls.api}/jobs/${jobId}/share`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice}`, origin: "http://127.0.0.1:3000" },
    });
    expect(res.status).toBe(200);
    const { token, url } = (await res.json()) as { token: string; url: string };
    // 32 random bytes in base64url: 43 characters, 256 bits.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(url).toBe(`http://127.0.0.1:3000/s/${token}`);
    // Sharing again gives the same link; the owner's job says it is shared.
    expect((await call(alice, "POST", `/jobs/${jobId}/share`)).body).toMatchObject({ token, url: `/s/${token}` });
    expect((await call(alice, "GET", `/jobs/${jobId}`)).body!.job.shareToken).toBe(token);

    const seen = await call(bob, "GET", `/shared/${token}`);
    expect(seen.status).toBe(200);
    expect(seen.body!.run).toMatchObject({
      token,
      owned: false,
      title: "Reverse",
      code: "print(input()[::-1])",
      stdin: "stressed\n",
      tests: [{ stdin: "abc\n", expected: "cba\n" }],
      state: "finished",
    });
    expect(seen.body!.run.result.tests[0]).toMatchObject({ passed: true });
    expect(seen.body!.run).not.toHaveProperty("jobId");
    const ownerId = (await call(alice, "GET", `/jobs/${jobId}`)).body!.job.userId as string;
    expect(JSON.stringify(seen.body)).not.toContain(ownerId);
    expect((await call(alice, "GET", `/shared/${token}`)).body!.run).toMatchObject({ owned: true, jobId });
    // Bob may read it, not manage it.
    expect((await call(bob, "DELETE", `/jobs/${jobId}/share`)).status).toBe(404);
    expect((await call(bob, "GET", `/shared/${token}`)).status).toBe(200);
    // Not signed in: the authorizer refuses before the function runs.
    expect((await fetch(`${stack.urls.api}/shared/${token}`)).status).toBe(401);

    expect((await call(alice, "DELETE", `/jobs/${jobId}/share`)).status).toBe(204);
    expect(await call(bob, "GET", `/shared/${token}`)).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });
    expect((await call(alice, "GET", `/shared/${token}`)).status).toBe(404);
    expect((await call(alice, "GET", `/jobs/${jobId}`)).body!.job).not.toHaveProperty("shareToken");

    // Shared again: a new token; deleting the run takes the link with it.
    const again = await call(alice, "POST", `/jobs/${jobId}/share`);
    expect(again.body!.token).not.toBe(token);
    expect((await call(bob, "GET", `/shared/${again.body!.token}`)).status).toBe(200);
    expect((await call(alice, "DELETE", `/jobs/${jobId}`)).status).toBe(204);
    expect(await call(bob, "GET", `/shared/${again.body!.token}`)).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });
  });

  it("unknown and malformed tokens are 404 NOT_FOUND; tokens of many shares are all different", async () => {
    const unknown = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
    expect(await call(bob, "GET", `/shared/${unknown}`)).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });
    expect(await call(bob, "GET", "/shared/abc")).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });

    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      const jobId = await submit(alice, { code: `print(${i})` });
      await until(alice, jobId, ended);
      tokens.push((await call(alice, "POST", `/jobs/${jobId}/share`)).body!.token as string);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // Distinct bytes across the tokens: a counter or a timestamp would repeat most of them.
    const bytes = tokens.map((t) => Buffer.from(t, "base64url"));
    const positionsThatDiffer = Array.from({ length: 32 }, (_, i) => new Set(bytes.map((b) => b[i])).size > 1).filter(
      Boolean,
    ).length;
    expect(positionsThatDiffer).toBeGreaterThan(24);
  });
});
