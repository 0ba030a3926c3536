import { create } from "zustand";
import type { AnalyzeResponse } from "../api/analysis";

interface AnalysisState {
  /** The last answer and the exact code it was about (highlights only apply to that code). */
  result: AnalyzeResponse | null;
  code: string | null;
  setResult: (result: AnalyzeResponse, code: string) => void;
  clear: () => void;
}

export const useAnalysisStore = create<AnalysisState>()((set) => ({
  result: null,
  code: null,
  setResult: (result, code) => set({ result, code }),
  clear: () => set({ result: null, code: null }),
}));
