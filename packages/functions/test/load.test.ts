import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Job } from "@code-remote/core/job";
import { startLocalStack, type LocalStack } from "@code-remote/local";
import { apiClient, Socket } from "./support/client";

// 300 jobs from 10 users at once through the whole stack: all end, each user's jobs run in the
// order that user submitted them (FIFO per message group), and the WebSocket delivers every final state.
const USERS = 10;
const PER_USER = 30;
let stack: LocalStack;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cr-load-"));
  stack = await startLocalStack({
    dataDir,
    webDist: false,
    ports: { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0 },
    settings: { CR_LIMIT_EXECUTE_PER_MINUTE: "10000", CR_LIMIT_MAX_QUEUED_PER_USER: "1000" },
    log: () => {},
  });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it(`${USERS * PER_USER} jobs from ${USERS} users: all end, in order per user, every final state pushed`, async () => {
  const api = apiClient(stack.urls.api);
  const people = await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      const name = `load-${u}@code-remote.local`;
      await stack.createUser(name, "Passw0rd!-load");
      const { idToken } = await stack.signIn(name, "Passw0rd!-load");
      return { token: idToken, socket: await Socket.open(stack.urls.ws, idToken), jobIds: [] as string[] };
    }),
  );

  // Users submit concurrently; each user's client sends one request after the other.
  await Promise.all(
    people.map(async (person, u) => {
      for (let i = 0; i < PER_USER; i++) {
        const r = await api("/execute", { token: person.token, body: { code: `print(${u * 1000 + i})` } });
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        person.jobIds.push(r.body.job.jobId);
      }
    }),
  );

  await Promise.all(
    people.flatMap((person) => person.jobIds.map((jobId) => person.socket.waitForFinal(jobId, 120_000))),
  );

  for (const [u, person] of people.entries()) {
    const finals = person.socket.frames.flatMap((f) => (f.type === "job" && f.job.state === "finished" ? [f.job] : []));
    expect(finals).toHaveLength(PER_USER);
    const byId = new Map(finals.map((j) => [j.jobId, j] as [string, Job]));
    person.jobIds.forEach((jobId, i) => {
      const job = byId.get(jobId)!;
      expect(job.result?.verdict).toBe("ok");
      expect(job.result?.stdout).toBe(`${u * 1000 + i}\n`);
    });
    const runOrder = [...finals].sort((a, b) => a.startedAt! - b.startedAt!).map((j) => j.jobId);
    expect(runOrder, `user ${u}'s jobs ran in submission order`).toEqual(person.jobIds);
    // Nobody hears about anybody else's jobs.
    const others = person.socket.frames.filter((f) => f.type === "job" && !person.jobIds.includes(f.job.jobId));
    expect(others).toHaveLength(0);
    person.socket.close();
  }
}, 180_000);
