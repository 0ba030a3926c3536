import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { fetchTrace, jobKeys } from "../api/jobs";
import { type Job, tracePointerOf } from "../api/types";
import { useTraceStore } from "../store/trace";

/** The trace of the job on screen (a finished trace run), fetched once and put in the trace store. */
export function useTrace(job: Job | undefined) {
  const jobId = job?.jobId ?? null;
  const stored = job?.state === "finished" && tracePointerOf(job) !== undefined;
  const query = useQuery({
    queryKey: jobKeys.trace(jobId ?? ""),
    queryFn: () => fetchTrace(jobId as string),
    enabled: stored,
    staleTime: Infinity,
    retry: 1,
  });
  const { data } = query;
  const code = job?.code;
  useEffect(() => {
    const store = useTraceStore.getState();
    if (jobId && code !== undefined && data) {
      if (store.jobId !== jobId || store.trace !== data) store.load(jobId, code, data);
    } else if (store.jobId !== null && store.jobId !== jobId) {
      store.clear();
    }
  }, [jobId, code, data]);
  return { isLoading: query.isLoading && stored, error: query.error };
}
