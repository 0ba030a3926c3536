import { useMutation, useQueryClient } from "@tanstack/react-query";
import { upsertJob } from "../api/cache";
import { ApiError } from "../api/http";
import { cancelJob, jobKeys } from "../api/jobs";

/** Cancel a queued or running job. If it finished first (409), show its real final state instead of an error. */
export function useCancelJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: cancelJob,
    onSuccess: (job) => upsertJob(client, job),
    onError: (error, jobId) => {
      if (error instanceof ApiError && error.status === 409)
        void client.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
    },
  });
}
