import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { jobKeys } from "./jobs";
import { isFinal, type Job, type JobList } from "./types";

/**
 * How far along a job is. Frames and HTTP answers race (the WebSocket can report "finished" before
 * POST /execute has answered "queued"), so the cache keeps whichever version is further along.
 * A retry (running → queued) bumps `attempt`, so it still counts as progress.
 */
function progress(job: Job): number {
  if (isFinal(job.state)) return Number.MAX_SAFE_INTEGER;
  return job.attempt * 2 + (job.state === "running" ? 1 : 0);
}

const newer = (current: Job | undefined, incoming: Job): Job =>
  current && progress(current) > progress(incoming) ? current : incoming;

/** Put a job into the detail cache and the history list, never going back in time. */
export function upsertJob(client: QueryClient, job: Job): void {
  client.setQueryData<Job>(jobKeys.detail(job.jobId), (current) => newer(current, job));
  client.setQueryData<InfiniteData<JobList, string | undefined>>(jobKeys.list(), (data) => {
    if (!data) return data;
    let found = false;
    const pages = data.pages.map((page) => ({
      ...page,
      jobs: page.jobs.map((item) => {
        if (item.jobId !== job.jobId) return item;
        found = true;
        return newer(item, job);
      }),
    }));
    // A job we have not seen yet goes on top of the first page if it is the newest (just submitted).
    // An older one belongs to a page not loaded yet: scrolling will bring it, in its place.
    const first = pages[0];
    const newest = first?.jobs[0];
    if (!found && first && (!newest || job.createdAt >= newest.createdAt)) pages[0] = { ...first, jobs: [job, ...first.jobs] };
    return { ...data, pages };
  });
}
