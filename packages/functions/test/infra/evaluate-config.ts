import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";
import { type Graph, installSstGlobals } from "./sst-recorder";

export const root = fileURLToPath(new URL("../../../../", import.meta.url));

export interface SstConfig {
  app(input: { stage: string }): { removal: string; protect: boolean; home: string };
  run(): Promise<Record<string, unknown>>;
}

/** sst.config.ts's real run() for a stage, against SST's recording stand-ins (sst-recorder.ts). */
export async function evaluate(
  stage: string,
): Promise<{ graph: Graph; config: SstConfig; outputs: Record<string, unknown> }> {
  vi.resetModules();
  const graph = installSstGlobals(stage);
  // A computed path, so tsc does not type-check sst.config.ts here without SST's platform types
  // (`npm run typecheck:infra` does that against the real ones).
  const module = (await import(/* @vite-ignore */ join(root, "sst.config.ts"))) as { default: SstConfig };
  const config = module.default;
  const outputs = await config.run();
  return { graph, config, outputs };
}
