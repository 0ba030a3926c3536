import { afterAll, beforeAll, expect, it } from "vitest";
import type { Job } from "@code-remote/core/job";
import { apiClient } from "./support/client";
import { NO_LIMITS, startTestStack, type TestStack } from "./support/stack";

// 300 jobs from 10 users at once through the whole stack: all end, each user's jobs run in the
// order that user submitted them (FIFO per message group), and the WebSocket delivers every final state.
const USERS = 10;
const PER_USER = 30;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ settings: NO_LIMITS });
});

afterAll(async () => {
  await stack?.stop();
});

it(`${USERS * PER_USER} jobs from ${USERS} users: all end, in order per user, every final state pushed`, async () => {
  const api = apiClient(stack.urls.api);
  const people = await Promise.all(
    Array.from({ length: USERS }, async (_, u) => ({
      ...(await stack.userWithSocket(`load-${u}`)),
      jobIds: [] as string[],
    })),
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
  }
}, 180_000);
