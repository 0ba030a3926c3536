import { readdirSync, readFileSync } from "node:fs";
import { joinPythonPackage } from "@code-remote/core/analysis";

/** An analyzer package (packages/sandbox/analyzer/<name>/) joined into one job program, as the API loads it. */
export function analyzerProgram(name: "complexity" | "measure"): string {
  const dir = new URL(`../../analyzer/${name}/`, import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .map((f) => ({ path: `${name}/${f}`, text: readFileSync(new URL(f, dir), "utf8") }));
  return joinPythonPackage(files, name);
}
