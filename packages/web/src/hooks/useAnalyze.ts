import { useMutation } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { analyzeCode } from "../api/analysis";
import { useAnalysisStore } from "../store/analysis";
import { useEditorStore } from "../store/editor";

/** Analyze the editor's current code; the answer goes to the analysis store (panel + editor highlights). */
export function useAnalyze() {
  const setResult = useAnalysisStore((state) => state.setResult);
  const inFlight = useRef(false);
  const { mutate, isPending, error } = useMutation({
    mutationFn: ({ code }: { code: string }) => analyzeCode(code),
    onSuccess: (result, { code }) => setResult(result, code),
    onSettled: () => {
      inFlight.current = false;
    },
  });
  const analyze = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    mutate({ code: useEditorStore.getState().code });
  }, [mutate]);
  return { analyze, isAnalyzing: isPending, error };
}
