import { z } from "zod";
import { CodeSchema, parseInput } from "../contract";
import { AppError } from "../errors";
import type { ComplexityMeasurer } from "../ports";
import { type CurveFit, FIT_CLASSES, fitCurve, fittedSeconds } from "./fit";
import type { AnalyzeResponse, Complexity } from "./model";

/** POST /analyze/measure: which function to time (default: the program's first top-level one), and how to build its input. */
export const MeasureRequestSchema = z.strictObject({
  code: CodeSchema,
  function: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .max(100)
    .optional(),
  /** A Python expression in `n` (with `random`) giving the argument, or a tuple of arguments, at size n. */
  generator: z.string().min(1).max(500).optional(),
});
export type MeasureRequest = z.infer<typeof MeasureRequestSchema>;

/** What the sandboxed timing program reports (packages/sandbox/analyzer/measure). */
export const RawMeasurementSchema = z.union([
  z.object({
    function: z.string(),
    inputs: z.string(),
    points: z.array(z.object({ n: z.number().positive(), seconds: z.number().nonnegative() })).max(200),
  }),
  z.object({ error: z.string() }),
]);
export type RawMeasurement = z.infer<typeof RawMeasurementSchema>;

const FitSchema = z.object({
  complexity: z.enum(FIT_CLASSES),
  relativeError: z.number(),
  a: z.number(),
  b: z.number(),
  base: z.number(),
});

export const MeasurementSchema = z.object({
  function: z.string(),
  /** How the input was built, e.g. "a list of n ints". */
  inputs: z.string(),
  points: z.array(z.object({ n: z.number(), seconds: z.number(), fitted: z.number() })),
  fit: FitSchema.extend({ r2: z.number() }),
  /** The other classes, best first, with their errors. */
  candidates: z.array(FitSchema),
  /** The static or Gemini estimate for the same function (null when the code could not be analysed). */
  estimate: z.object({ time: z.string().nullable(), source: z.enum(["gemini", "static"]) }).nullable(),
  agrees: z.boolean(),
  /** One plain sentence: the measured class, its goodness, and whether it agrees with the estimate. */
  verdict: z.string(),
});
export type Measurement = z.infer<typeof MeasurementSchema>;

export interface MeasureDeps {
  measurer: ComplexityMeasurer;
  /** The estimate to compare with (Analysis.analyze, cached). */
  estimate: (code: string) => Promise<AnalyzeResponse>;
}

/** Time the function in the sandbox, fit the classes, and set the result beside the estimate. */
export async function measureCode(deps: MeasureDeps, input: unknown): Promise<Measurement> {
  const request = parseInput(MeasureRequestSchema, input);
  const [raw, estimated] = await Promise.all([deps.measurer.measure(request), deps.estimate(request.code)]);
  if ("error" in raw) throw new AppError("VALIDATION_FAILED", `The function could not be measured: ${raw.error}`);
  if (raw.points.length < 3)
    throw new AppError("VALIDATION_FAILED", "The function could not be timed on enough input sizes.");
  const fit = fitCurve(raw.points);
  const largestN = Math.max(...raw.points.map((p) => p.n));
  const analysis = estimated.analysis;
  const perFunction = analysis.functions.find((f) => f.name === raw.function);
  const estimateTime: Complexity | null = perFunction?.time ?? analysis.time;
  const agrees = estimateTime !== null && estimateTime === fit.best.complexity;
  return MeasurementSchema.parse({
    function: raw.function,
    inputs: raw.inputs,
    points: raw.points.map((p) => ({ ...p, fitted: fittedSeconds(fit.best, p.n, largestN) })),
    fit: { ...fit.best, r2: fit.r2 },
    candidates: fit.candidates.slice(1),
    estimate: { time: estimateTime, source: analysis.source },
    agrees,
    verdict: verdict(raw.function, fit, estimateTime, analysis.source, largestN),
  });
}

function verdict(
  name: string,
  fit: CurveFit,
  estimate: Complexity | null,
  source: "gemini" | "static",
  largestN: number,
): string {
  const measured = `Measured: ${name} grows like ${fit.best.complexity} up to n = ${largestN} (R² ${fit.r2.toFixed(2)}, ${Math.round(fit.best.relativeError * 100)} % average deviation).`;
  const by = source === "gemini" ? "Gemini's" : "the static analyzer's";
  if (estimate === null) return `${measured} There is no estimate to compare with.`;
  if (estimate === fit.best.complexity) return `${measured} This agrees with ${by} estimate.`;
  return `${measured} This DISAGREES with ${by} estimate of ${estimate}: the estimate may be wrong, or the sizes measured are too small to show the worst case.`;
}
