import { create } from "zustand";
import type { AnalyzeResponse, Measurement } from "../api/analysis";

interface AnalysisState {
  /** The last answer and the exact code it was about (highlights only apply to that code). */
  result: AnalyzeResponse | null;
  code: string | null;
  /** The last measurement (POST /analyze/measure) and the code it timed. */
  measurement: Measurement | null;
  measuredCode: string | null;
  setResult: (result: AnalyzeResponse, code: string) => void;
  setMeasurement: (measurement: Measurement, code: string) => void;
  clear: () => void;
}

export const useAnalysisStore = create<AnalysisState>()((set) => ({
  result: null,
  code: null,
  measurement: null,
  measuredCode: null,
  setResult: (result, code) => set({ result, code }),
  setMeasurement: (measurement, measuredCode) => set({ measurement, measuredCode }),
  clear: () => set({ result: null, code: null, measurement: null, measuredCode: null }),
}));
