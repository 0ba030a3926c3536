import { useInfiniteQuery } from "@tanstack/react-query";
import { fetchJobs, jobKeys } from "../api/jobs";

/** The user's jobs, newest first, a page at a time (GET /jobs?cursor=). */
export function useJobHistory() {
  return useInfiniteQuery({
    queryKey: jobKeys.list(),
    queryFn: ({ pageParam }) => fetchJobs(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.cursor ?? undefined,
    staleTime: 60_000,
  });
}
