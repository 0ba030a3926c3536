import { useQuery } from "@tanstack/react-query";
import { fetchJob, jobKeys } from "../api/jobs";
import { isFinal } from "../api/types";
import { useSessionStore } from "../store/session";

// Without a live socket, frames are lost: poll instead until the job is final.
const POLL_WITHOUT_SOCKET_MS = 2_000;

/** A job kept fresh by WebSocket frames (written into the cache by useRealtime), polling as a fallback. */
export function useJob(jobId: string | null) {
  const connection = useSessionStore((state) => state.connection);
  return useQuery({
    queryKey: jobKeys.detail(jobId ?? ""),
    queryFn: () => fetchJob(jobId as string),
    enabled: jobId !== null,
    staleTime: Infinity,
    refetchInterval: (query) => {
      const job = query.state.data;
      return job && !isFinal(job.state) && connection !== "open" ? POLL_WITHOUT_SOCKET_MS : false;
    },
  });
}
