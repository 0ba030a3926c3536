import { Hono } from "hono";
import { Analysis } from "@code-remote/core/analysis";
import { SandboxMeasurer } from "../adapters/sandbox-measurer";
import type { Deps } from "../deps";
import type { ApiEnv } from "./env";
import { limitBody, rateLimit, readJson } from "./middleware";

const analyzeDeps = (deps: Deps) => ({
  analyses: deps.analyses,
  analyzers: deps.analyzers,
  clock: deps.clock,
  log: deps.log,
});

/**
 * POST /analyze {code} → {analysis, cached}: Gemini when configured, else (or on failure) the static analyzer.
 * POST /analyze/measure {code, function?, generator?} → {measurement}: the function timed in the sandbox on
 * growing inputs, the best-fitting class beside the estimate. Both count against the analyze rate limit.
 */
export const analyze = new Hono<ApiEnv>()
  .post("/", limitBody, rateLimit("analyze"), async (c) => {
    const deps = c.get("deps");
    const answer = await Analysis.analyze(analyzeDeps(deps), await readJson(c));
    deps.log("info", "code analysed", {
      userId: c.get("identity").userId,
      source: answer.analysis.source,
      cached: answer.cached,
    });
    return c.json(answer);
  })
  .post("/measure", limitBody, rateLimit("analyze"), async (c) => {
    const deps = c.get("deps");
    const measurement = await Analysis.measure(
      {
        measurer: new SandboxMeasurer(deps.sandbox),
        estimate: (code) => Analysis.analyze(analyzeDeps(deps), { code }),
      },
      await readJson(c),
    );
    deps.log("info", "code measured", {
      userId: c.get("identity").userId,
      fit: measurement.fit.complexity,
      agrees: measurement.agrees,
    });
    return c.json({ measurement });
  });
