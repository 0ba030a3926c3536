/**
 * SST 3.19.3's build of a Python container function, replayed without uv or Docker, so a test can
 * assert the build context and the image command SST would produce from this repository.
 *
 * Where each step comes from (3.19.3's own code, not a newer or older snapshot):
 * - The Go side, `pkg/runtime/python.(*PythonRuntime).CreateBuildAsset` in the CLI binary
 *   node_modules/sst-linux-x64/bin/sst (stripped; read by disassembling the function named in its
 *   pclntab and the string literals it loads). In order, all with the folder of sst.config.ts as
 *   working directory:
 *     uv sync --all-packages
 *     uv export --package=<name> --output-file=<out>/requirements.txt --no-emit-workspace --no-dev
 *     uv build --all --sdist --out-dir=<out>
 *     for each <out>/*.tar.gz: tar -xzf <file> -C <out>; then <out>/<base> (base = file name less
 *       ".tar.gz") becomes <out>/<base up to its last "-">, or, when it holds src/<that name>, that
 *       src directory does; the archive is removed
 *     if the input is a container and not dev: <workspace dir>/Dockerfile, else the platform's
 *       dist/dockerfiles/python.Dockerfile, is copied to <out>/Dockerfile
 *     handler = adjustHandlerPath(handler)
 *   <name> is [project].name of the workspace dir's pyproject.toml; the workspace dir is the folder
 *   of the pyproject.toml nearest the handler file, looking upward no higher than the project root
 *   (getWorkspaceDirectory). adjustHandlerPath splits the handler on "/" and drops "X/src/" from
 *   the last "X/src/X" (scanning from the end; SST's docs: functions/src/functions/api.handler → functions/api.handler); other handlers are kept as they are.
 * - `pkg/runtime.(*Collection).Build` (same binary): empties <out>, runs the step above, then writes
 *   <out>/resource.enc (the function's links, JSON sealed with AES-GCM under the app's key).
 *   <out> is <work>/artifacts/<function name>-src (`BuildInput.Out`).
 * - The component, .sst/platform/src/components/aws/function.ts: createImageAsset builds and pushes
 *   <work>/artifacts/<name>-src with its Dockerfile; createFunction sets packageType "Image" and
 *   imageConfig.commands = [handler with "./" removed and "/" replaced by "."].
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

/** Debian 12's interpreter: the local runner's, and the one whose setuptools builds the sdist here. */
export const SYSTEM_PYTHON = "/usr/bin/python3";

export interface PyProject {
  project?: { name?: string; version?: string; dependencies?: string[]; "requires-python"?: string };
  "build-system"?: { requires?: string[]; "build-backend"?: string };
  tool?: { uv?: { workspace?: { members?: string[] } } };
}

export function readPyProject(file: string): PyProject {
  const script = "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))";
  return JSON.parse(execFileSync(SYSTEM_PYTHON, ["-I", "-c", script, file], { encoding: "utf8" })) as PyProject;
}

/** getFile: `<dir>/<file>.<function>` names <root>/<dir>/<file>.py, which must exist. */
export function handlerFile(root: string, handler: string): string {
  const path = handler.replace(/^\.\//, "");
  const file = join(root, dirname(path), `${basename(path).replace(/\.[^.]*$/, "")}.py`);
  if (!existsSync(file)) throw new Error(`could not find Python file '${file}'`);
  return file;
}

/** getWorkspaceDirectory: the nearest folder holding a pyproject.toml, from the handler's upward, within root. */
export function workspaceDirectory(root: string, handler: string): string {
  let dir = dirname(handlerFile(root, handler));
  for (;;) {
    if (existsSync(join(dir, "pyproject.toml"))) return dir;
    if (dir === root || !dir.startsWith(root + sep))
      throw new Error(`no pyproject.toml found from ${handler} up to ${root}`);
    dir = dirname(dir);
  }
}

/** adjustHandlerPath: "a/pkg/src/pkg/mod.fn" → "a/pkg/mod.fn" for the last X/src/X; else unchanged. */
export function adjustHandlerPath(handler: string): string {
  const parts = handler.split("/");
  for (let i = parts.length - 3; i >= 0; i--) {
    if (parts[i + 1] === "src" && parts[i + 2] === parts[i])
      return [...parts.slice(0, i), ...parts.slice(i + 2)].join("/");
  }
  return handler;
}

/** function.ts createFunction: the image command Lambda's runtime interface client receives. */
export function imageCommand(handler: string): string {
  return adjustHandlerPath(handler).replace(/\.\//g, "").replace(/\//g, ".");
}

/** The uv workspace rooted at the folder of sst.config.ts: its member folders. */
export function workspaceMembers(root: string): string[] {
  const members = readPyProject(join(root, "pyproject.toml")).tool?.uv?.workspace?.members;
  if (!members?.length)
    throw new Error("the pyproject.toml beside sst.config.ts declares no [tool.uv.workspace] members");
  return members.map((member) => {
    if (/[*?[]/.test(member)) throw new Error(`glob members are not replayed here: ${member}`);
    return join(root, member);
  });
}

/**
 * `uv export --package=<name> --no-emit-workspace --no-dev`: the package's third-party requirements,
 * one line each. Replayed for a package whose dependencies are all exact pins (checked), where the
 * lock uv resolves cannot differ from them; uv also writes a hash per line, which needs the index.
 */
export function exportRequirements(project: PyProject): string {
  const lines = (project.project?.dependencies ?? []).map((dependency) => {
    if (!/^[A-Za-z0-9._-]+==[A-Za-z0-9.]+$/.test(dependency)) throw new Error(`not an exact pin: ${dependency}`);
    return dependency;
  });
  return `# This file was autogenerated by uv (replayed by the infra test)\n${lines.join("\n")}\n`;
}

/**
 * `uv build --sdist` of one member: uv calls the member's PEP 517 build backend's build_sdist. Here
 * the same hook runs under Debian's python3 and setuptools, on a copy of the member (setuptools
 * writes an egg-info beside the sources, which a test must not leave in the worktree).
 */
export function buildSdist(memberDir: string, outDir: string, scratch: string): string {
  const project = readPyProject(join(memberDir, "pyproject.toml"));
  const backend = project["build-system"]?.["build-backend"];
  if (backend !== "setuptools.build_meta") throw new Error(`build backend ${backend} is not replayed here`);
  const copy = join(scratch, `member-${basename(memberDir)}`);
  cpSync(memberDir, copy, { recursive: true, filter: (src) => !/(__pycache__|\.egg-info)$/.test(src) });
  const script = "import sys, setuptools.build_meta as backend; print(backend.build_sdist(sys.argv[1]))";
  return execFileSync(SYSTEM_PYTHON, ["-I", "-c", script, outDir], { cwd: copy, encoding: "utf8" })
    .trim()
    .split("\n")
    .pop()!;
}

/** The per-archive step of CreateBuildAsset: unpack, then name the folder after the distribution. */
export function unpackSdist(archive: string, outDir: string): string {
  execFileSync("tar", ["-xzf", archive, "-C", outDir]);
  const base = basename(archive).replace(/\.tar\.gz$/, "");
  const name = base.slice(0, base.lastIndexOf("-"));
  const extracted = join(outDir, base);
  const target = join(outDir, name);
  const srcLayout = join(extracted, "src", name);
  rmSync(target, { recursive: true, force: true });
  if (existsSync(srcLayout)) {
    renameSync(srcLayout, target);
    rmSync(extracted, { recursive: true, force: true });
  } else {
    renameSync(extracted, target);
  }
  rmSync(archive);
  return target;
}

export interface BuildContext {
  /** <work>/artifacts/<name>-src: what Docker is given. */
  dir: string;
  /** The image's command (imageConfig.commands[0]). */
  command: string;
  /** The package SST exported requirements for. */
  packageName: string;
  workspaceDir: string;
}

/** Collection.Build + CreateBuildAsset for a container function at deploy (not dev). */
export function assembleBuildContext(
  root: string,
  handler: string,
  platformDir: string,
  scratch: string,
): BuildContext {
  const dir = join(scratch, "artifacts", "Sandbox-src");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const workspaceDir = workspaceDirectory(root, handler);
  const members = workspaceMembers(root); // what `uv sync --all-packages` installs
  if (!members.includes(workspaceDir))
    throw new Error(`${relative(root, workspaceDir)} is not a member of the uv workspace`);
  const packageName = readPyProject(join(workspaceDir, "pyproject.toml")).project?.name;
  if (!packageName) throw new Error("the handler's pyproject.toml has no [project].name");

  writeFileSync(join(dir, "requirements.txt"), exportRequirements(readPyProject(join(workspaceDir, "pyproject.toml"))));
  for (const member of members) buildSdist(member, dir, scratch); // uv build --all --sdist
  for (const archive of readdirSync(dir).filter((f) => f.endsWith(".tar.gz"))) unpackSdist(join(dir, archive), dir);

  const custom = join(workspaceDir, "Dockerfile");
  cpSync(
    existsSync(custom) ? custom : join(platformDir, "dist/dockerfiles/python.Dockerfile"),
    join(dir, "Dockerfile"),
  );
  // Collection.Build seals the links here; the sandbox has none, and nothing in the image reads it.
  writeFileSync(join(dir, "resource.enc"), "");
  return { dir, command: imageCommand(handler), packageName, workspaceDir };
}

/** Files under dir, relative, sorted (for assertions). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** SST's platform sources (.sst/platform), written by scripts/sst-platform.sh when missing (~60 s, npm only). */
export function ensureSstPlatform(root: string): string {
  const platform = join(root, ".sst/platform");
  if (!existsSync(join(platform, "config.d.ts")))
    execFileSync("bash", [join(root, "scripts/sst-platform.sh")], { stdio: "inherit" });
  return platform;
}
