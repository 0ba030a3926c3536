import type { Analysis as AnalysisModel } from "./model";
import { analyzeCode } from "./service";

export * from "./model";
export * from "./store";
export * from "./service";
export * from "./python-bundle";

/** An analysis (type) and the analysis domain (value): Analysis.analyze validates, caches, asks, falls back. */
export type Analysis = AnalysisModel;
export const Analysis = { analyze: analyzeCode } as const;
