import type { AnalyzeResponse } from "@code-remote/core/analysis";
import { apiFetch } from "./http";

export type { Analysis, AnalyzeResponse, Complexity, FunctionAnalysis } from "@code-remote/core/analysis";

/** POST /analyze: Gemini when the server has a key, otherwise the static analyzer (and the answer says which). */
export const analyzeCode = (code: string): Promise<AnalyzeResponse> =>
  apiFetch<AnalyzeResponse>("/analyze", { method: "POST", body: { code } });
