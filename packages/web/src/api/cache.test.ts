import { type InfiniteData, QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { upsertJob } from "./cache";
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
