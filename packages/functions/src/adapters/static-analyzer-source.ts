import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the analyzer program is: in the source tree (local mode, tests), or beside the bundle in a
 * Lambda. Note for infra/: the API function needs
 * `copyFiles: [{ from: "packages/sandbox/analyzer/analyze.py", to: "analyzer/analyze.py" }]`.
 */
const CANDIDATES = [
  fileURLToPath(new URL("../../../sandbox/analyzer/analyze.py", import.meta.url)),
  join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), "analyzer/analyze.py"),
];

let cached: string | undefined;

/** Read once per process (cold start), then served from memory. */
export function staticAnalyzerSource(): string {
  if (cached !== undefined) return cached;
  const path = CANDIDATES.find((p) => existsSync(p));
  if (!path) throw new Error(`the static analyzer program is missing (looked in ${CANDIDATES.join(", ")})`);
  cached = readFileSync(path, "utf8");
  return cached;
}
