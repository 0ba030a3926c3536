import type { Analysis as AnalysisModel } from "./model";
import { measureCode } from "./measure";
import { analyzeCode } from "./service";

export * from "./model";
export * from "./store";
export * from "./service";
export * from "./python-bundle";
export * from "./fit";
export * from "./measure";

/** An analysis (type) and the analysis domain (value): Analysis.analyze validates, caches, asks, falls back; Analysis.measure times and fits. */
export type Analysis = AnalysisModel;
export const Analysis = { analyze: analyzeCode, measure: measureCode } as const;
