import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { upsertJob } from "../api/cache";
import { executeCode } from "../api/jobs";
import { testsToSubmit } from "../lib/tests";
import { useEditorStore } from "../store/editor";
import { useSessionStore } from "../store/session";
import { useTraceStore } from "../store/trace";

/**
 * Submit the editor's code, stdin and test cases; the new job becomes the one on screen. A trace run
 * (mode "trace") sends the code and stdin only: it is stepped through, not checked against tests.
 */
export function useRunCode() {
  const client = useQueryClient();
  const setCurrentJobId = useSessionStore((state) => state.setCurrentJobId);
  // `isPending` only changes on the next render; a ref stops a double click or a repeated
  // Ctrl+Enter in the same tick from submitting the code twice.
  const inFlight = useRef(false);
  const { mutate, isPending, error, reset } = useMutation({
    mutationFn: executeCode,
    onSuccess: (job) => {
      upsertJob(client, job);
      setCurrentJobId(job.jobId);
    },
    onSettled: () => {
      inFlight.current = false;
    },
  });
  // Reads the store at call time, so shortcuts registered once still send the latest code.
  const run = useCallback(
    (mode: "run" | "trace" = "run") => {
      if (inFlight.current) return;
      inFlight.current = true;
      const { code, stdin, tests } = useEditorStore.getState();
      if (mode === "trace") return mutate({ code, stdin, mode });
      const cases = testsToSubmit(tests);
      // Every line counted only when asked for (the heat map on, with "count lines"), never with tests;
      // otherwise the runner samples the run's CPU for the heat map by itself.
      const { heatmap, countLines } = useTraceStore.getState();
      const profile = heatmap && countLines && cases.length === 0;
      mutate({ code, stdin, ...(cases.length > 0 ? { tests: cases } : {}), ...(profile ? { profile: true } : {}) });
    },
    [mutate],
  );
  return { run, isSubmitting: isPending, error, reset };
}
