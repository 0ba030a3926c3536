import { Hono } from "hono";
import { Analysis } from "@code-remote/core/analysis";
import type { ApiEnv } from "./env";
import { limitBody, rateLimit, readJson } from "./middleware";

/** POST /analyze {code} → {analysis, cached}: Gemini when configured, else (or on failure) the static analyzer. */
export const analyze = new Hono<ApiEnv>().post("/", limitBody, rateLimit("analyze"), async (c) => {
  const deps = c.get("deps");
  const answer = await Analysis.analyze(
    { analyses: deps.analyses, analyzers: deps.analyzers, clock: deps.clock, log: deps.log },
    await readJson(c),
  );
  deps.log("info", "code analysed", { userId: c.get("identity").userId, source: answer.analysis.source, cached: answer.cached });
  return c.json(answer);
});
