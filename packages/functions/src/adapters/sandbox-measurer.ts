import {
  AnalyzerUnavailable,
  type MeasureRequest,
  type RawMeasurement,
  RawMeasurementSchema,
} from "@code-remote/core/analysis";
import type { ComplexityMeasurer, Sandbox } from "@code-remote/core/ports";
import { analyzerProgramSource } from "./static-analyzer-source";

/** CPU seconds the timing program spends growing sizes; the wall limit leaves room for a loaded machine. */
export const MEASURE_BUDGET_SECONDS = 1.5;
// Within the API function's timeout (under the HTTP API's 30 s), the estimate running beside it.
export const MEASURE_LIMITS = { wallMs: 20_000, memoryMb: 512, outputBytes: 64 * 1024 } as const;
/** Wall seconds after which the program stops growing sizes: half the limit, the rest for the last size. */
export const MEASURE_WALL_SECONDS = MEASURE_LIMITS.wallMs / 2000;

/**
 * Measurement runs the user's function, so it is a job like any other: through the Sandbox port, every
 * layer and limit on. The job's code is the timing program (packages/sandbox/analyzer/measure/), the
 * request ({code, function?, generator?}) its stdin.
 */
export class SandboxMeasurer implements ComplexityMeasurer {
  constructor(
    private readonly sandbox: Sandbox,
    private readonly source: () => string = () => analyzerProgramSource("measure"),
  ) {}

  async measure(request: MeasureRequest, options: { signal?: AbortSignal } = {}): Promise<RawMeasurement> {
    const result = await this.sandbox.run(
      {
        jobId: `measure-${crypto.randomUUID()}`,
        code: this.source(),
        stdin: JSON.stringify({ ...request, budgetSeconds: MEASURE_BUDGET_SECONDS, wallSeconds: MEASURE_WALL_SECONDS }),
        limits: { ...MEASURE_LIMITS },
        profile: false, // no heat map: nothing but the timing program's own clock reads in its time
      },
      options,
    );
    if (result.verdict !== "ok") {
      if (result.verdict === "time_limit" || result.verdict === "memory_limit")
        return { error: `the measurement hit the ${result.verdict.replace("_", " ")}` };
      throw new AnalyzerUnavailable(`the measurement stopped with ${result.verdict}`);
    }
    const parsed = RawMeasurementSchema.safeParse(JSON.parse(result.stdout || "null"));
    if (!parsed.success) throw new AnalyzerUnavailable("the measurement printed no valid JSON");
    return parsed.data;
  }
}
