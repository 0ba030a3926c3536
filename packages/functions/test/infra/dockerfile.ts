/** A small Dockerfile reader for the infra tests (hadolint is not packaged in Debian 12). */
import { cpSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Dockerfile instructions with continuations joined and comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = "";
  let start = 0;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) return;
    if (pending === "") start = index + 1;
    pending += line.endsWith("\\") ? `${line.slice(0, -1)} ` : line;
    if (line.endsWith("\\")) return;
    const match = /^(\S+)\s+([\s\S]*)$/.exec(pending);
    if (!match) throw new Error(`line ${start}: cannot parse "${pending}"`);
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: start });
    pending = "";
  });
  return instructions;
}

/** `name*.py` style globs, as Docker's COPY matches them within one directory level. */
export const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")}$`,
  );

/** Context files (relative paths) one COPY source matches: a file, a directory's files, or a glob in one directory. */
export function matchCopySource(contextFiles: string[], source: string): string[] {
  const clean = source.replace(/^\.\//, "").replace(/\/$/, "");
  if (clean === ".") return contextFiles;
  const exact = contextFiles.filter((f) => f === clean || f.startsWith(`${clean}/`));
  if (exact.length > 0) return exact;
  const pattern = globToRegExp(clean);
  return contextFiles.filter((f) => pattern.test(f));
}

/**
 * The files the image's COPY instructions put under `imageRoot`, as Docker would: a directory source
 * copies its contents, a glob or file source goes into a destination ending in "/" by its base name.
 * `vars` expands ${NAME} in destinations (the base image's ENV, e.g. LAMBDA_TASK_ROOT=/var/task).
 */
export function applyCopies(
  instructions: Instruction[],
  contextDir: string,
  contextFiles: string[],
  imageRoot: string,
  vars: Record<string, string>,
) {
  for (const copy of instructions.filter((i) => i.keyword === "COPY")) {
    const words = copy.args.split(/\s+/);
    const dest = words.pop()!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
      const value = vars[(a ?? b)!];
      if (value === undefined) throw new Error(`line ${copy.line}: unknown variable ${a ?? b}`);
      return value;
    });
    for (const source of words) {
      const clean = source.replace(/\/$/, "");
      const isDir = contextFiles.some((f) => f.startsWith(`${clean}/`));
      for (const file of matchCopySource(contextFiles, source)) {
        const target = isDir
          ? join(imageRoot, dest, file.slice(clean.length + 1))
          : dest.endsWith("/")
            ? join(imageRoot, dest, file.split("/").pop()!)
            : join(imageRoot, dest);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(contextDir, file), target);
      }
    }
  }
}

/** Entries of a directory (empty when it does not exist). */
export const entries = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
