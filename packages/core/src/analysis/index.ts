import type { Analysis as AnalysisModel } from "./model";
import { measureCode } from "./measure";
import { analyzeCode } from "./service";

export {
  AnalysisSchema,
  type AnalyzeResponse,
  AnalyzeResponseSchema,
  AnalyzerUnavailable,
  COMPLEXITIES,
  type Complexity,
  type FunctionAnalysis,
} from "./model";
export { ANALYSIS_TTL_SECONDS, ANALYSIS_VERSION, AnalysisCache, sha256Hex } from "./store";
export { analyzeCode, type Analyzers } from "./service";
export { joinPythonPackage } from "./python-bundle";
export { type ClassFit, FIT_CLASSES, type FitClass, fitCurve, fittedSeconds, shapeOf } from "./fit";
export {
  measureCode,
  type Measurement,
  MeasurementSchema,
  type MeasureRequest,
  type RawMeasurement,
  RawMeasurementSchema,
} from "./measure";

/** An analysis (type) and the analysis domain (value): Analysis.analyze validates, caches, asks, falls back; Analysis.measure times and fits. */
export type Analysis = AnalysisModel;
export const Analysis = { analyze: analyzeCode, measure: measureCode } as const;
