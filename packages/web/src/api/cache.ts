import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { jobKeys } from "./jobs";
import { isFinal, type Job, type JobList } from "./types";

/**
 * How far along a job is. Frames and HTTP answers race (the WebSocket can report "finished" before
 * POST /execute has answered "queued"), so the cache keeps whichever version is further along.
 * A retry (running → queued) bumps `attempt`, so it still counts as progress.
 */
export function progress(job: Job): number {
  if (isFinal(job.state)) return Number.MAX_SAFE_INTEGER;
  return job.attempt * 2 + (job.state === "running" ? 1 : 0);
}

/**
 * A slim pushed job (`partial`: the socket could not fetch the whole one) never blanks what the cache
 * already knows of the job: its code, stdin and tests stay; its outputs are fetched after a reconnect.
 * Nor does a later update without a title blank the title the user gave the run while it was still
 * running (the runner's pushes carry the job as the runner knows it; a rename answers on its own and
 * clears a title through the rename's own cache update).
 */
function newer(current: Job | undefined, incoming: Job): Job {
  if (!current) return incoming;
  const ahead = progress(current) - progress(incoming);
  if (ahead > 0 || (ahead === 0 && incoming.partial && !current.partial)) return current;
  const named =
    incoming.title === undefined && current.title !== undefined ? { ...incoming, title: current.title } : incoming;
  if (named.partial) {
    const { tests, ...known } = current;
    return { ...named, code: known.code, stdin: known.stdin, ...(tests ? { tests } : {}) };
  }
  return named;
}

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
    if (!found && first && (!newest || job.createdAt >= newest.createdAt))
      pages[0] = { ...first, jobs: [job, ...first.jobs] };
    return { ...data, pages };
  });
}

/** How long after a reconnect the unfinished jobs are asked for once more. */
export const RESYNC_AGAIN_MS = 2_000;

/**
 * After the WebSocket reconnects: frames sent while it was away are gone, so ask the API again for
 * the history and every job we know that was still queued or running, or only known slim. Then once more, a little
 * later: a push that looked up the owner's connections just before this one was registered (the
 * look-up runs beside the job's final write; on AWS the index that lists connections also lags)
 * reaches only the old ones, so a job that was still running at the first answer may end unheard.
 * Returns a function that cancels the second pass.
 */
export function resyncAfterReconnect(client: QueryClient, againAfterMs = RESYNC_AGAIN_MS): () => void {
  const resync = () => {
    void client.invalidateQueries({ queryKey: jobKeys.list() });
    void client.invalidateQueries({
      queryKey: [...jobKeys.all, "detail"],
      predicate: (query) => {
        const job = query.state.data as Job | undefined;
        return !job || !isFinal(job.state) || job.partial === true;
      },
    });
  };
  resync();
  const later = setTimeout(resync, againAfterMs);
  return () => clearTimeout(later);
}
