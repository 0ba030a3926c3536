import { Hono } from "hono";
import type { Deps } from "../deps";
import type { ApiEnv } from "./env";

type Check = { ok: boolean; ms: number; detail?: unknown; error?: string };

const PROBE_TIMEOUT_MS = 2_000;

async function probe(run: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const detail = await Promise.race([
      run(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), PROBE_TIMEOUT_MS))),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started), ...(detail === undefined ? {} : { detail }) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** What each part can say about itself: the queue its depth, a local sandbox pool its runners. */
function describable<T extends string>(thing: unknown, method: T): thing is Record<T, () => unknown> {
  return typeof (thing as Record<string, unknown> | null)?.[method] === "function";
}

/** GET /health: the table, the queue and the sandbox, each probed; 503 when any of them is down. */
export function healthRoute(deps: Deps) {
  return new Hono<ApiEnv>().get("/", async (c) => {
    const [table, queue] = await Promise.all([
      probe(() => deps.jobs.get("00000000000000000000000000").then(() => undefined)),
      probe(async () => (describable(deps.queue, "depth") ? deps.queue.depth() : undefined)),
    ]);
    const sandbox: Check = describable(deps.sandbox, "stats")
      ? { ok: true, ms: 0, detail: deps.sandbox.stats() }
      : { ok: true, ms: 0, detail: { kind: deps.config.sandboxFunctionName ? "lambda" : "none" } };
    const ok = table.ok && queue.ok && sandbox.ok;
    return c.json(
      { status: ok ? "ok" : "degraded", stage: deps.config.stage, checks: { table, queue, sandbox } },
      ok ? 200 : 503,
    );
  });
}
