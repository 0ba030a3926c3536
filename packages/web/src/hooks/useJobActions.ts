import { type InfiniteData, type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { deleteJob, jobKeys, renameJob, revokeShare, shareJob, shareLinkOf } from "../api/jobs";
import type { Job, JobList } from "../api/types";

type Pages = InfiniteData<JobList, string | undefined>;

/** Change every history list the cache holds: the history and the searches' results. */
function patchLists(client: QueryClient, change: (jobs: Job[]) => Job[]): void {
  const update = (data: Pages | undefined) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, jobs: change(page.jobs) })) } : data;
  client.setQueryData<Pages>(jobKeys.list(), update);
  client.setQueriesData<Pages>({ queryKey: jobKeys.searches() }, update);
}

/** Change one job wherever the cache holds it (its detail, the history pages and the searches). */
function patchCached(client: QueryClient, jobId: string, patch: (job: Job) => Job): void {
  client.setQueryData<Job>(jobKeys.detail(jobId), (job) => (job ? patch(job) : job));
  patchLists(client, (jobs) => jobs.map((job) => (job.jobId === jobId ? patch(job) : job)));
}

function withoutKey<K extends keyof Job>(job: Job, key: K): Job {
  const { [key]: _gone, ...rest } = job;
  return rest as Job;
}

/** Rename, delete, share and unshare a run of the history; the cache follows each answer. */
export function useJobActions() {
  const client = useQueryClient();
  const rename = useMutation({
    mutationFn: ({ jobId, title }: { jobId: string; title: string | null }) => renameJob(jobId, title),
    onSuccess: (job) =>
      patchCached(client, job.jobId, (cached) =>
        job.title ? { ...cached, title: job.title } : withoutKey(cached, "title"),
      ),
  });
  const remove = useMutation({
    mutationFn: (jobId: string) => deleteJob(jobId),
    onSuccess: (_nothing, jobId) => {
      patchLists(client, (jobs) => jobs.filter((job) => job.jobId !== jobId));
      client.removeQueries({ queryKey: jobKeys.detail(jobId) });
    },
  });
  const share = useMutation({
    mutationFn: async (jobId: string) => {
      const { token } = await shareJob(jobId);
      return { jobId, token, link: shareLinkOf(token) };
    },
    onSuccess: ({ jobId, token }) => patchCached(client, jobId, (job) => ({ ...job, shareToken: token })),
  });
  const unshare = useMutation({
    mutationFn: (jobId: string) => revokeShare(jobId),
    onSuccess: (_nothing, jobId) => patchCached(client, jobId, (job) => withoutKey(job, "shareToken")),
  });
  return { rename, remove, share, unshare };
}

/** Copy text to the clipboard; false when the browser refused (then the link is shown to copy by hand). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
