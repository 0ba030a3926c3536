import { z } from "zod";

/**
 * The one Analysis schema: it validates Gemini's JSON, the static analyzer's stdout, the cache
 * entry and the HTTP response. Complexity classes are a closed list in one notation (superscripts,
 * as people write them), so the UI can badge them; "other" is a bound outside the list (say n·m),
 * named in the explanation.
 */
export const COMPLEXITIES = [
  "O(1)",
  "O(log n)",
  "O(√n)",
  "O(n)",
  "O(n log n)",
  "O(n²)",
  "O(n² log n)",
  "O(n³)",
  "O(2ⁿ)",
  "O(n!)",
  "other",
] as const;
export const ComplexitySchema = z.enum(COMPLEXITIES);
export type Complexity = z.infer<typeof ComplexitySchema>;

export const ANALYSIS_SOURCES = ["gemini", "static"] as const;
export type AnalysisSource = (typeof ANALYSIS_SOURCES)[number];

const LineNumber = z.number().int().min(1);

/** Why there is no estimate: the program does not parse (the line is marked in the editor). */
export const SyntaxErrorSchema = z.object({ line: LineNumber, message: z.string().max(500) });
export type SyntaxErrorInfo = z.infer<typeof SyntaxErrorSchema>;

/** One function's estimate when the code defines several. */
export const FunctionAnalysisSchema = z.object({
  name: z.string().min(1).max(200),
  line: LineNumber,
  time: ComplexitySchema,
  space: ComplexitySchema,
  lines: z.array(LineNumber).max(100).default([]),
});
export type FunctionAnalysis = z.infer<typeof FunctionAnalysisSchema>;

export const AnalysisSchema = z
  .object({
    /** Null exactly when the code cannot be analysed (`syntaxError` says why): never a made-up class. */
    time: ComplexitySchema.nullable(),
    space: ComplexitySchema.nullable(),
    syntaxError: SyntaxErrorSchema.optional(),
    explanation: z.string().min(1).max(8000),
    algorithm: z.string().max(300),
    suggestions: z.array(z.string().max(2000)).max(12),
    /** The lines that dominate the running time (1-based), for highlighting in the editor. */
    lines: z.array(LineNumber).max(100).default([]),
    functions: z.array(FunctionAnalysisSchema).max(100).default([]),
    source: z.enum(ANALYSIS_SOURCES),
    /** Why the static analyzer answered instead of Gemini (no key, timeout, quota, invalid answer). */
    note: z.string().max(1000).optional(),
  })
  .refine((a) => (a.syntaxError === undefined) === (a.time !== null && a.space !== null), {
    message: "time and space are null exactly when the code has a syntax error",
  });
export type Analysis = z.infer<typeof AnalysisSchema>;

/** POST /analyze answer; `cached` says the analysis came from the table, not a new model call. */
export const AnalyzeResponseSchema = z.object({ analysis: AnalysisSchema, cached: z.boolean() });
export type AnalyzeResponse = z.infer<typeof AnalyzeResponseSchema>;

/** Thrown by an analyzer that could not answer; `reason` is safe to show the user. */
export class AnalyzerUnavailable extends Error {
  override readonly name = "AnalyzerUnavailable";
  constructor(
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(reason, options);
  }
}
