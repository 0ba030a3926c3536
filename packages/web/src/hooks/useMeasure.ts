import { useMutation } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { measureCode } from "../api/analysis";
import { useAnalysisStore } from "../store/analysis";
import { useEditorStore } from "../store/editor";

/** Time one function of the editor's code in the sandbox; the measurement goes to the analysis store. */
export function useMeasure() {
  const setMeasurement = useAnalysisStore((state) => state.setMeasurement);
  const inFlight = useRef(false);
  const { mutate, isPending, error } = useMutation({
    mutationFn: ({ code, fn, generator }: { code: string; fn?: string; generator?: string }) =>
      measureCode({ code, ...(fn ? { function: fn } : {}), ...(generator ? { generator } : {}) }),
    onSuccess: (measurement, { code }) => setMeasurement(measurement, code),
    onSettled: () => {
      inFlight.current = false;
    },
  });
  const measure = useCallback(
    (fn: string | undefined, generator: string) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const trimmed = generator.trim();
      mutate({
        code: useEditorStore.getState().code,
        ...(fn ? { fn } : {}),
        ...(trimmed ? { generator: trimmed } : {}),
      });
    },
    [mutate],
  );
  return { measure, isMeasuring: isPending, error };
}
