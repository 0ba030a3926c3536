import { useMutation, useQueryClient } from "@tanstack/react-query";
import { upsertJob } from "../api/cache";
import { executeCode } from "../api/jobs";
import { useEditorStore } from "../store/editor";
import { useSessionStore } from "../store/session";

/** Submit the editor's code and stdin; the new job becomes the one on screen. */
export function useRunCode() {
  const client = useQueryClient();
  const setCurrentJobId = useSessionStore((state) => state.setCurrentJobId);
  const mutation = useMutation({
    mutationFn: executeCode,
    onSuccess: (job) => {
      upsertJob(client, job);
      setCurrentJobId(job.jobId);
    },
  });
  // Read the store at call time so keyboard shortcuts bound once still send the latest code.
  const run = () => {
    if (mutation.isPending) return;
    const { code, stdin } = useEditorStore.getState();
    mutation.mutate({ code, stdin });
  };
  return { run, isSubmitting: mutation.isPending, error: mutation.error, reset: mutation.reset };
}
