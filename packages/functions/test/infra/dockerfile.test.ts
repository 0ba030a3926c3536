import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Lints the sandbox image's Dockerfile. hadolint is not packaged in Debian 12, so this parses the
// file and applies the rules that matter here: a pinned base that matches the Lambda runtime infra/
// declares, COPY only (no ADD, nothing fetched), no secrets, and a CMD that names a real handler
// whose local imports are all in the image.
const root = fileURLToPath(new URL("../../../../", import.meta.url));
const runnerDir = join(root, "packages/sandbox/runner");

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Dockerfile instructions with continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
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

/** `name*.py` style globs, as Docker's COPY understands them for one directory level. */
const globToRegExp = (glob: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);

/** Local modules a Python file imports (top-level `import x` / `from x import y` of runner files). */
function localImports(file: string): string[] {
  const source = readFileSync(join(runnerDir, file), "utf8");
  const modules = [...source.matchAll(/^\s*(?:import|from)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)].map((m) => m[1]!);
  return [...new Set(modules)].filter((m) => existsSync(join(runnerDir, `${m}.py`)));
}

const dockerfile = join(runnerDir, "Dockerfile");
const instructions = existsSync(dockerfile) ? parseDockerfile(readFileSync(dockerfile, "utf8")) : [];
const known = new Set(["FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"]);

describe("packages/sandbox/runner/Dockerfile", () => {
  it("exists, and every instruction is a Dockerfile instruction", () => {
    expect(existsSync(dockerfile)).toBe(true);
    expect(instructions.length).toBeGreaterThan(0);
    for (const i of instructions) expect(known, `line ${i.line}: ${i.keyword}`).toContain(i.keyword);
  });

  it("builds on one pinned AWS Lambda Python base whose version is the runtime infra/ declares", () => {
    const froms = instructions.filter((i) => i.keyword === "FROM");
    expect(froms).toHaveLength(1);
    const image = froms[0]!.args;
    expect(image).toMatch(/^public\.ecr\.aws\/lambda\/python:\d+\.\d+(@sha256:[0-9a-f]{64})?$/);
    const runtime = /runtime:\s*"python(\d+\.\d+)"/.exec(readFileSync(join(root, "infra/sandbox.ts"), "utf8"))?.[1];
    expect(runtime, "infra/sandbox.ts declares a python runtime").toBeDefined();
    expect(image.split(":")[1]!.split("@")[0]).toBe(runtime);
  });

  it("fetches nothing and bakes in no secrets", () => {
    expect(instructions.filter((i) => i.keyword === "ADD")).toEqual([]); // COPY only (hadolint DL3020)
    for (const i of instructions.filter((i) => i.keyword === "RUN")) {
      expect(i.args, `line ${i.line}`).not.toMatch(/\b(curl|wget)\b|https?:\/\//);
    }
    for (const i of instructions.filter((i) => i.keyword === "ENV" || i.keyword === "ARG")) {
      expect(i.args, `line ${i.line}`).not.toMatch(/(KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL)/i);
    }
  });

  it("copies only what SST puts in the build context, and every module the handler needs", () => {
    // SST's Python container build copies the top-level *.py beside pyproject.toml (plus
    // pyproject.toml and its requirements.txt) into the context, so those are all COPY can see.
    const context = readdirSync(runnerDir).filter((f) => f.endsWith(".py") || f === "pyproject.toml");
    const copies = instructions.filter((i) => i.keyword === "COPY");
    expect(copies.length).toBeGreaterThan(0);
    const copied = new Set<string>();
    for (const copy of copies) {
      expect(copy.args, `line ${copy.line}: no --from, no --chown tricks`).not.toMatch(/^--/);
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        const matches = context.filter((f) => globToRegExp(source).test(f));
        expect(matches, `line ${copy.line}: ${source} matches a file in the build context`).not.toEqual([]);
        for (const m of matches) copied.add(m);
      }
    }
    // The handler's import closure, through runner modules only.
    const needed = new Set<string>();
    const visit = (file: string) => {
      if (needed.has(file)) return;
      needed.add(file);
      for (const module of localImports(file)) visit(`${module}.py`);
    };
    visit("handler.py");
    expect(needed.size).toBeGreaterThan(1);
    for (const file of needed) expect(copied, `${file} is copied into the image`).toContain(file);
  });

  it("CMD names the handler function infra/ invokes, in exec form", () => {
    const cmds = instructions.filter((i) => i.keyword === "CMD");
    expect(cmds).toHaveLength(1);
    const [handler] = JSON.parse(cmds[0]!.args) as string[]; // exec form (hadolint DL3025)
    const [module, fn] = handler!.split(".");
    const source = readFileSync(join(runnerDir, `${module}.py`), "utf8");
    expect(source).toMatch(new RegExp(`^def ${fn}\\(event, context\\):`, "m"));
    const declared = /handler:\s*"packages\/sandbox\/runner\/([^"]+)"/.exec(readFileSync(join(root, "infra/sandbox.ts"), "utf8"))?.[1];
    expect(declared).toBe(handler);
  });
});

describe("packages/sandbox/runner/pyproject.toml", () => {
  it("declares no dependencies (the runner is standard library only) and admits the image's Python", () => {
    const script = "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))";
    const parsed = JSON.parse(
      execFileSync("/usr/bin/python3", ["-I", "-c", script, join(runnerDir, "pyproject.toml")], { encoding: "utf8" }),
    ) as { project: { dependencies: string[]; "requires-python": string } };
    expect(parsed.project.dependencies).toEqual([]);
    const minimum = /^>=(\d+\.\d+)$/.exec(parsed.project["requires-python"])?.[1];
    const image = instructions.find((i) => i.keyword === "FROM")!.args.split(":")[1]!.split("@")[0]!;
    expect(Number(minimum!.split(".")[1])).toBeLessThanOrEqual(Number(image.split(".")[1]));
  });
});
