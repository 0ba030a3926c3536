import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "./support/client";
import { sharedTestStack } from "./support/shared-stack";
import type { TestStack } from "./support/stack";

// GET /jobs?q= searches the user's whole history (title and code, any case), not only the newest page:
// the server reads the user's own partition page by page until a page of matches is filled, and
// answers with a cursor to go on from. Other users' runs never match.
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let token: string;
let other: string;
/** The runs submitted, oldest first. */
const ids: string[] = [];

async function run(code: string, as = token): Promise<string> {
  const submitted = await api("/execute", { token: as, body: { code } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const jobId = submitted.body.job.jobId as string;
  // Until it has ended (run in beforeAll, where expect.poll is not available).
  for (let i = 0; i < 300; i++) {
    if (/finished|failed|cancelled/.test((await api(`/jobs/${jobId}`, { token: as })).body.job.state)) return jobId;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} never ended`);
}

const search = async (query: string) => {
  const response = await api(`/jobs?${query}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { jobs: Array<{ jobId: string; code: string; title?: string }>; cursor: string | null };
};

beforeAll(async () => {
  stack = await sharedTestStack();
  api = apiClient(stack.urls.api);
  token = await stack.user("searcher");
  other = await stack.user("neighbour");
  // Oldest first: two needles far down the history, five newer runs above them.
  ids.push(await run("print('Needle one')"));
  ids.push(await run("print('hay 1')"));
  ids.push(await run("print('a needle TWO')"));
  for (let i = 2; i <= 5; i++) ids.push(await run(`print('hay ${i}')`));
  expect((await api(`/jobs/${ids[1]}`, { token, method: "PATCH", body: { title: "Named NEEDLE" } })).status).toBe(200);
  await run("print('needle of someone else')", other);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("GET /jobs?q=", () => {
  it("finds matches past the newest pages, by code or title, in any case, newest first", async () => {
    // A page of two: the newest two runs hold no needle, so the server has to read on.
    const first = await search("q=needle&limit=2");
    expect(first.jobs.map((job) => job.jobId)).toEqual([ids[2], ids[1]]);
    expect(first.jobs[1]!.title).toBe("Named NEEDLE");
    expect(first.cursor).not.toBeNull();
    // The cursor goes on from there: the last match, then the end of the history.
    const rest = await search(`q=needle&limit=2&cursor=${encodeURIComponent(first.cursor!)}`);
    expect(rest.jobs.map((job) => job.jobId)).toEqual([ids[0]]);
    expect(rest.cursor).toBeNull();
  });

  it("returns every match in one answer when the page has room, and nothing of another user's", async () => {
    const all = await search("q=%20NEEDLE%20&limit=20");
    expect(all.jobs.map((job) => job.jobId)).toEqual([ids[2], ids[1], ids[0]]);
    expect(all.jobs.some((job) => job.code.includes("someone else"))).toBe(false);
    expect(all.cursor).toBeNull();
    expect((await search("q=nowhere-in-history")).jobs).toEqual([]);
  });

  it("a blank q lists the whole history; a q over 200 characters is refused", async () => {
    expect((await search("q=%20%20&limit=20")).jobs.map((job) => job.jobId)).toEqual([...ids].reverse());
    const tooLong = await api(`/jobs?q=${"x".repeat(201)}`, { token });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain("at most 200 characters");
  });
});
