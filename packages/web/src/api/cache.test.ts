import { type InfiniteData, QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { resyncAfterReconnect, upsertJob } from "./cache";
import { jobKeys } from "./jobs";
import type { Job, JobList } from "./types";

const job = (state: Job["state"], overrides: Partial<Job> = {}): Job => ({
  jobId: "01JAAAAAAAAAAAAAAAAAAAAAAA",
  userId: "u1",
  code: "print(1)",
  stdin: "",
  limits: { wallMs: 10_000, memoryMb: 256, outputBytes: 65_536 },
  state,
  attempt: 1,
  createdAt: 1,
  expiresAt: 2,
  ...overrides,
});

describe("upsertJob", () => {
  it("keeps the title given while the run was running when its later updates (without a title) arrive", () => {
    const client = new QueryClient();
    client.setQueryData<InfiniteData<JobList, string | undefined>>(jobKeys.list(), {
      pages: [{ jobs: [job("running", { title: "My run" })], cursor: null }],
      pageParams: [undefined],
    });
    client.setQueryData<Job>(jobKeys.detail(job("running").jobId), job("running", { title: "My run" }));
    upsertJob(client, job("finished"));
    const list = client.getQueryData<InfiniteData<JobList, string | undefined>>(jobKeys.list());
    expect(list?.pages[0]?.jobs[0]).toMatchObject({ state: "finished", title: "My run" });
    expect(client.getQueryData<Job>(jobKeys.detail(job("running").jobId))).toMatchObject({
      state: "finished",
      title: "My run",
    });
    // A title the update does carry wins.
    upsertJob(client, job("finished", { title: "Renamed elsewhere" }));
    expect(client.getQueryData<Job>(jobKeys.detail(job("running").jobId))?.title).toBe("Renamed elsewhere");
  });

  it("keeps a finished job when the slower POST /execute answer (queued) lands after the frame", () => {
    const client = new QueryClient();
    upsertJob(client, job("finished"));
    upsertJob(client, job("queued"));
    expect(client.getQueryData<Job>(jobKeys.detail(job("queued").jobId))?.state).toBe("finished");
  });

  it("moves forward through running, and through a retry back to queued with a higher attempt", () => {
    const client = new QueryClient();
    const key = jobKeys.detail(job("queued").jobId);
    upsertJob(client, job("queued"));
    upsertJob(client, job("running"));
    expect(client.getQueryData<Job>(key)?.state).toBe("running");
    upsertJob(client, job("queued", { attempt: 2 }));
    expect(client.getQueryData<Job>(key)).toMatchObject({ state: "queued", attempt: 2 });
    upsertJob(client, job("running", { attempt: 1 }));
    expect(client.getQueryData<Job>(key)).toMatchObject({ state: "queued", attempt: 2 });
  });

  it("updates a job already in the history and puts a new one on top of the first page", () => {
    const client = new QueryClient();
    const older = job("finished", { jobId: "01JBBBBBBBBBBBBBBBBBBBBBBB" });
    const running = job("running");
    client.setQueryData<InfiniteData<JobList, string | undefined>>(jobKeys.list(), {
      pages: [{ jobs: [running, older], cursor: null }],
      pageParams: [undefined],
    });
    upsertJob(client, job("finished"));
    upsertJob(client, job("queued", { jobId: "01JCCCCCCCCCCCCCCCCCCCCCCC" }));
    const list = client.getQueryData<InfiniteData<JobList, string | undefined>>(jobKeys.list());
    expect(list?.pages[0]?.jobs.map((item) => [item.jobId.slice(0, 4), item.state])).toEqual([
      ["01JC", "queued"],
      ["01JA", "finished"],
      ["01JB", "finished"],
    ]);
  });

  it("leaves a frame about an old job, not loaded yet, to its own page (it is not put on top)", () => {
    const client = new QueryClient();
    const newest = job("finished", { jobId: "01JDDDDDDDDDDDDDDDDDDDDDDD", createdAt: 100 });
    client.setQueryData<InfiniteData<JobList, string | undefined>>(jobKeys.list(), {
      pages: [{ jobs: [newest], cursor: "next" }],
      pageParams: [undefined],
    });
    upsertJob(client, job("finished", { jobId: "01JEEEEEEEEEEEEEEEEEEEEEEE", createdAt: 50 }));
    const list = client.getQueryData<InfiniteData<JobList, string | undefined>>(jobKeys.list());
    expect(list?.pages[0]?.jobs.map((item) => item.jobId)).toEqual([newest.jobId]);
  });
});

describe("a slim pushed job (partial) in the cache", () => {
  const key = jobKeys.detail(job("queued").jobId);
  const slim = job("finished", { code: "", stdin: "", partial: true });

  it("takes the slim job's state but keeps the code, stdin and tests the cache knew", () => {
    const client = new QueryClient();
    upsertJob(client, job("running", { code: "print(2)", stdin: "in", tests: [{ stdin: "", expected: "2" }] }));
    upsertJob(client, slim);
    expect(client.getQueryData<Job>(key)).toMatchObject({
      state: "finished",
      partial: true,
      code: "print(2)",
      stdin: "in",
      tests: [{ stdin: "", expected: "2" }],
    });
  });

  it("never replaces the whole job at the same state, and is replaced by it", () => {
    const client = new QueryClient();
    const whole = job("finished", { code: "print(3)" });
    upsertJob(client, whole);
    upsertJob(client, slim);
    expect(client.getQueryData<Job>(key)).toEqual(whole);
    const other = new QueryClient();
    upsertJob(other, slim);
    upsertJob(other, whole);
    expect(other.getQueryData<Job>(key)).toEqual(whole);
  });

  it("is asked for again after a reconnect, though final", () => {
    const client = new QueryClient();
    upsertJob(client, slim);
    resyncAfterReconnect(client, 60_000)();
    expect(client.getQueryState(key)?.isInvalidated).toBe(true);
  });
});

describe("resyncAfterReconnect", () => {
  const running = job("running", { jobId: "01JBBBBBBBBBBBBBBBBBBBBBBB" });
  const finished = job("finished", { jobId: "01JCCCCCCCCCCCCCCCCCCCCCCC" });
  const invalidated = (client: QueryClient, key: readonly unknown[]) =>
    client.getQueryState(key)?.isInvalidated ?? false;
  const seed = () => {
    const client = new QueryClient();
    for (const j of [running, finished]) client.setQueryData(jobKeys.detail(j.jobId), j);
    client.setQueryData(jobKeys.list(), {
      pages: [{ jobs: [running, finished], cursor: null }],
      pageParams: [undefined],
    });
    return client;
  };
  const settle = (client: QueryClient) => {
    for (const j of [running, finished])
      client.setQueryData(jobKeys.detail(j.jobId), client.getQueryData(jobKeys.detail(j.jobId)));
    client.setQueryData(jobKeys.list(), client.getQueryData(jobKeys.list()));
  };

  it("asks again at once for the history and the unfinished jobs, not the finished ones", () => {
    vi.useFakeTimers();
    try {
      const client = seed();
      resyncAfterReconnect(client, 2_000);
      expect(invalidated(client, jobKeys.list())).toBe(true);
      expect(invalidated(client, jobKeys.detail(running.jobId))).toBe(true);
      expect(invalidated(client, jobKeys.detail(finished.jobId))).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("asks once more a little later (a final push may have missed the new connection), unless cancelled", () => {
    vi.useFakeTimers();
    try {
      const client = seed();
      resyncAfterReconnect(client, 2_000);
      settle(client); // the first answers arrived: nothing is stale now
      vi.advanceTimersByTime(1_999);
      expect(invalidated(client, jobKeys.detail(running.jobId))).toBe(false);
      vi.advanceTimersByTime(1);
      expect(invalidated(client, jobKeys.detail(running.jobId))).toBe(true);
      expect(invalidated(client, jobKeys.list())).toBe(true);

      const other = seed();
      const cancel = resyncAfterReconnect(other, 2_000);
      settle(other);
      cancel();
      vi.advanceTimersByTime(5_000);
      expect(invalidated(other, jobKeys.detail(running.jobId))).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
