import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { joinPythonPackage } from "@code-remote/core/analysis";

/** The analyzer programs, each a Python package under packages/sandbox/analyzer/. */
export type AnalyzerProgram = "complexity" | "measure";

/**
 * Where the analyzer packages are: in the source tree (local mode, tests), or beside the bundle in a
 * Lambda. Note for infra/: the API function needs
 * `copyFiles: [{ from: "packages/sandbox/analyzer", to: "analyzer" }]` (the whole folder).
 */
const ROOTS = [
  fileURLToPath(new URL("../../../sandbox/analyzer", import.meta.url)),
  join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), "analyzer"),
];

const cached = new Map<AnalyzerProgram, string>();

/** The package's files joined into one job program; read once per process (cold start), then from memory. */
export function analyzerProgramSource(program: AnalyzerProgram): string {
  const hit = cached.get(program);
  if (hit !== undefined) return hit;
  const root = ROOTS.find((r) => existsSync(join(r, program, "__main__.py")));
  if (!root) throw new Error(`the ${program} analyzer program is missing (looked in ${ROOTS.join(", ")})`);
  const files = readdirSync(join(root, program))
    .filter((name) => name.endsWith(".py"))
    .map((name) => ({ path: `${program}/${name}`, text: readFileSync(join(root, program, name), "utf8") }));
  const source = joinPythonPackage(files, program);
  cached.set(program, source);
  return source;
}

/** The static analyzer's job program. */
export const staticAnalyzerSource = (): string => analyzerProgramSource("complexity");
