import { useInfiniteQuery } from "@tanstack/react-query";
import { fetchJobs, jobKeys } from "../api/jobs";

/**
 * The user's jobs, newest first, a page at a time (GET /jobs?cursor=). With `search`, the jobs whose
 * title or code holds it, searched by the server through the whole history (GET /jobs?q=); no query
 * runs for an empty search.
 */
export function useJobHistory(search?: string) {
  const q = search ?? "";
  return useInfiniteQuery({
    queryKey: search === undefined ? jobKeys.list() : jobKeys.search(q),
    queryFn: ({ pageParam }) => fetchJobs(pageParam, search === undefined ? undefined : q),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.cursor ?? undefined,
    staleTime: search === undefined ? 60_000 : 10_000,
    enabled: search === undefined || q !== "",
  });
}
