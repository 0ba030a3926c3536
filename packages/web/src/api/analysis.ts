import type { AnalyzeResponse, Measurement, MeasureRequest } from "@code-remote/core/analysis";
import { apiFetch } from "./http";

export type { Analysis, AnalyzeResponse, Complexity, FunctionAnalysis } from "@code-remote/core/analysis";

/** POST /analyze: Gemini when the server has a key, otherwise the static analyzer (and the answer says which). */
export const analyzeCode = (code: string): Promise<AnalyzeResponse> =>
  apiFetch<AnalyzeResponse>("/analyze", { method: "POST", body: { code } });

export type { Measurement, MeasureRequest } from "@code-remote/core/analysis";

/**
 * POST /analyze/measure: the function timed in the sandbox on growing inputs, the best-fitting class
 * with its R², the points and the fitted values, beside the estimate (and whether they agree).
 */
export const measureCode = async (request: MeasureRequest): Promise<Measurement> =>
  (await apiFetch<{ measurement: Measurement }>("/analyze/measure", { method: "POST", body: request })).measurement;
