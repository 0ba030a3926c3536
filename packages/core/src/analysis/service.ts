import type { Clock, ComplexityAnalyzer } from "../ports";
import { AnalyzeRequestSchema, parseInput } from "../contract";
import { AnalysisSchema, AnalyzerUnavailable, type Analysis, type AnalyzeResponse } from "./model";
import { type AnalysisCache, sha256Hex } from "./store";

export interface Analyzers {
  /** Gemini when a key is configured; absent otherwise. */
  primary?: ComplexityAnalyzer;
  /** The static analyzer: needs no network, always there. */
  fallback: ComplexityAnalyzer;
}

export interface AnalyzeDeps {
  analyses: AnalysisCache;
  analyzers: Analyzers;
  clock: Clock;
  log?: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
}

/**
 * Validate, answer from the cache when possible, else run the static analyzer, and ask the primary
 * analyzer with the static findings as context (falling back to the static answer on any failure,
 * saying why in `note`). Code that does not parse is answered by the static analyzer alone: there is
 * nothing for a model to estimate. Cache policy: a Gemini answer is kept; a static answer is kept
 * only when there is no primary or the code does not parse (so a transient Gemini failure is retried
 * next time, and a cached static answer never hides Gemini once a key is set).
 */
export async function analyzeCode(deps: AnalyzeDeps, input: unknown): Promise<AnalyzeResponse> {
  const { code } = parseInput(AnalyzeRequestSchema, input);
  const hash = await sha256Hex(code);
  const { primary, fallback } = deps.analyzers;

  const hit = await deps.analyses.get(hash).catch((error: unknown) => {
    deps.log?.("warn", "analysis cache read failed", { error });
    return undefined;
  });
  if (hit && (hit.analysis.source !== "static" || !primary || hit.analysis.syntaxError))
    return { analysis: hit.analysis, cached: true };

  let analysis: Analysis;
  let keep = true;
  if (primary) {
    const findings = await fallback.analyze(code).catch((error: unknown) => {
      deps.log?.("warn", "static analyzer failed; asking the primary without findings", { error });
      return undefined;
    });
    if (findings?.syntaxError) {
      analysis = findings;
    } else {
      try {
        analysis = await primary.analyze(code, findings ? { findings } : {});
      } catch (error) {
        const reason = error instanceof AnalyzerUnavailable ? error.reason : "it failed unexpectedly";
        deps.log?.("warn", "primary analyzer failed; static fallback", { reason, error });
        analysis = {
          ...(findings ?? (await fallback.analyze(code))),
          note: `Gemini did not answer (${reason}), so this is the static analyzer's estimate.`,
        };
        keep = false;
      }
    }
  } else {
    analysis = {
      ...(await fallback.analyze(code)),
      note: "No Gemini API key is configured, so this is the static analyzer's estimate.",
    };
  }
  analysis = clampLines(AnalysisSchema.parse(analysis), code);

  if (keep) {
    await deps.analyses.put(hash, analysis, deps.clock.now()).catch((error: unknown) => {
      deps.log?.("warn", "analysis cache write failed", { error });
    });
  }
  return { analysis, cached: false };
}

/** Line numbers a model invents past the end of the code are dropped; duplicates too. */
function clampLines(analysis: Analysis, code: string): Analysis {
  const count = code.split("\n").length;
  const keep = (lines: number[]) => [...new Set(lines.filter((l) => l >= 1 && l <= count))].sort((a, b) => a - b);
  return {
    ...analysis,
    lines: keep(analysis.lines),
    functions: analysis.functions.map((f) => ({ ...f, lines: keep(f.lines), line: Math.min(f.line, count) })),
  };
}
