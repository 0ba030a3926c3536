export {
  JOB_ITEM_BUDGET_BYTES,
  JOB_WALL_BUDGET_MS,
  LIMIT_DEFAULTS,
  LIMIT_MAXIMA,
  type Limits,
  LimitsSchema,
  MAX_CODE_BYTES,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  MAX_IMAGES,
  MAX_IMAGES_TOTAL_BYTES,
  MAX_STDIN_BYTES,
  MAX_TESTS,
  SANDBOX_GRACE_MS,
} from "./limits";
export { platformResult, type Result, type ResultImage, ResultSchema, type TestOutcome, type Verdict } from "./result";
export { jobWallMs, longestRunMs, type SandboxRequest, type TestCase, TestCaseSchema } from "./request";
export {
  type LiveOutput,
  LiveOutputSchema,
  MAX_LIVE_OUTPUT_CHARS,
  type OutputChunk,
  OutputChunkSchema,
} from "./output";
export {
  type LineProfile,
  LineProfileSchema,
  type LineSamples,
  LineSamplesSchema,
  MAX_TRACE_BYTES,
  MAX_TRACE_ITEMS,
  MAX_TRACE_STEPS,
  MAX_TRACE_STRING,
  RUN_MODES,
  type RunMode,
  RunModeSchema,
  type Trace,
  TRACE_EVENTS,
  type TraceHeapObject,
  TraceSchema,
  type TraceStep,
  type TraceValue,
} from "./trace";
export { resultOfResponse, SandboxResponseReader } from "./response-stream";
