import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RuntimeApiTwin } from "@code-remote/sandbox/lambda-runtime-api";
import { applyCopies, matchCopySource, parseDockerfile } from "./dockerfile";
import { evaluate, root } from "./evaluate-config";
import { removeSstGlobals } from "./sst-recorder";
import {
  type BuildContext,
  SYSTEM_PYTHON,
  adjustHandlerPath,
  assembleBuildContext,
  ensureSstPlatform,
  imageCommand,
  listFiles,
  readPyProject,
} from "./sst-python-build";

// The sandbox image as SST 3.19.3 builds it (sst-python-build.ts replays its steps and cites them),
// checked without Docker or AWS: the build context, the command, the module that command imports
// from the image's task root, and the pins, against the Python and libraries the local runner uses.
// What only a real `docker build` / deploy can show is in the README's "Prove it on AWS".

/** The Lambda Python base image's ENV (public.ecr.aws/lambda/python): where the function's code goes. */
const LAMBDA_TASK_ROOT = "/var/task";

let scratch: string;
let sandboxArgs: { handler: string; runtime: string; python?: { container?: boolean }; dev?: boolean };
let context: BuildContext;
let contextFiles: string[];

beforeAll(async () => {
  const platform = ensureSstPlatform(root);
  const { graph } = await evaluate("prod");
  sandboxArgs = graph.get("sst.aws.Function", "Sandbox").args;
  removeSstGlobals();
  scratch = mkdtempSync(join(tmpdir(), "sst-python-build-"));
  context = assembleBuildContext(root, sandboxArgs.handler, platform, scratch);
  contextFiles = listFiles(context.dir);
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const dockerfileIn = (ctx: BuildContext) => parseDockerfile(readFileSync(join(ctx.dir, "Dockerfile"), "utf8"));
const runnerModules = () => listFiles(join(root, "packages/sandbox/runner")).filter((f) => /^[^/]+\.py$/.test(f));

describe("replayed steps (against SST's own examples of its rules)", () => {
  it("adjustHandlerPath drops X/src/ only from an X/src/X path; the command uses dots for slashes", () => {
    expect(adjustHandlerPath("functions/src/functions/api.handler")).toBe("functions/api.handler");
    expect(adjustHandlerPath("packages/sandbox/runner/handler.handler")).toBe(
      "packages/sandbox/runner/handler.handler",
    );
    expect(imageCommand("./functions/src/functions/api.handler")).toBe("functions.api.handler");
  });
});

describe("the sandbox's build context, as SST 3.19.3 assembles it", () => {
  it("the function is a Python container built at deploy, never run locally by sst dev", () => {
    expect(sandboxArgs).toMatchObject({ python: { container: true }, dev: false });
  });

  it("a uv workspace at the folder of sst.config.ts has the handler's package as a member", () => {
    expect(relative(root, context.workspaceDir)).toBe("packages/sandbox/runner");
    expect(readPyProject(join(root, "pyproject.toml")).project, "a virtual workspace root").toBeUndefined();
    // No separator: the sdist's file name, and so SST's folder for it, is one name for every setuptools.
    expect(context.packageName).toMatch(/^[a-z0-9]+$/);
  });

  it("holds requirements.txt, the unpacked sdist with every runner module, the runner's Dockerfile and resource.enc", () => {
    expect(contextFiles).toContain("requirements.txt");
    expect(contextFiles).toContain("resource.enc");
    expect(readFileSync(join(context.dir, "Dockerfile"), "utf8")).toBe(
      readFileSync(join(context.workspaceDir, "Dockerfile"), "utf8"),
    );
    for (const module of runnerModules()) expect(contextFiles, module).toContain(`${context.packageName}/${module}`);
    expect(
      contextFiles.filter((f) => f.endsWith(".tar.gz")),
      "archives are removed once unpacked",
    ).toEqual([]);
  });

  it("every COPY source in the Dockerfile matches files in that context", () => {
    for (const copy of dockerfileIn(context).filter((i) => i.keyword === "COPY")) {
      for (const source of copy.args.split(/\s+/).slice(0, -1)) {
        expect(matchCopySource(contextFiles, source), `line ${copy.line}: ${source}`).not.toEqual([]);
      }
    }
  });

  it("pip installs exactly the exported requirements, into the runtime's site-packages (which jobs may read)", () => {
    const instructions = dockerfileIn(context);
    const copied = instructions.find((i) => i.keyword === "COPY" && i.args.startsWith("requirements.txt "));
    expect(copied, "requirements.txt is copied in").toBeDefined();
    const target = copied!.args.split(/\s+/).pop()!;
    const pip = instructions.filter((i) => i.keyword === "RUN" && /\bpip install\b/.test(i.args));
    expect(pip).toHaveLength(1);
    expect(pip[0]!.args).toContain(`-r ${target}`);
    expect(pip[0]!.args, "not beside the handler: /var/task is not readable by jobs").not.toMatch(/--target|\s-t\s/);
  });
});

describe("the image's command, from its task root", () => {
  let taskRoot: string;
  let imageRoot: string;

  beforeAll(() => {
    imageRoot = join(scratch, "image");
    mkdirSync(imageRoot, { recursive: true });
    applyCopies(dockerfileIn(context), context.dir, contextFiles, imageRoot, { LAMBDA_TASK_ROOT });
    taskRoot = join(imageRoot, LAMBDA_TASK_ROOT);
  });

  it("is the handler path with dots, and names a module file the image has; the runtime loop is there too", () => {
    expect(context.command).toBe("packages.sandbox.runner.handler.handler");
    const module = context.command.slice(0, context.command.lastIndexOf("."));
    expect(listFiles(taskRoot)).toContain(`${module.replace(/\./g, "/")}.py`);
    expect(listFiles(taskRoot)).toContain("packages/sandbox/runner/runtime.py");
  });

  it("ENTRYPOINT + command start our runtime loop, which serves a job through the Runtime API (streamed)", async () => {
    // What Lambda runs: the image's ENTRYPOINT (runtime.py, from the task root) with SST's command
    // as its argument, AWS_LAMBDA_RUNTIME_API pointing at the Runtime API (here its local twin).
    // Here on Debian's python3 (the image's minor version, checked below); the libraries are
    // Debian's instead of the image's pip wheels, at the same versions.
    const entrypoint = JSON.parse(dockerfileIn(context).find((i) => i.keyword === "ENTRYPOINT")!.args) as string[];
    const script = join(imageRoot, entrypoint[1]!);
    const twin = new RuntimeApiTwin();
    const address = await twin.listen();
    const runtime = spawn(SYSTEM_PYTHON, [script, context.command], {
      cwd: taskRoot,
      env: { PATH: process.env.PATH, LAMBDA_TASK_ROOT: taskRoot, HOME: scratch, AWS_LAMBDA_RUNTIME_API: address },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    runtime.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    try {
      await twin.initialized;
      const event = {
        jobId: "image",
        code: "import numpy, pandas, matplotlib\nprint(6 * 7, numpy.__version__, pandas.__version__, matplotlib.__version__)",
        stdin: "",
        limits: { wallMs: 10000, memoryMb: 256, outputBytes: 1048576 },
      };
      const chunks: string[] = [];
      const end = await twin.invoke(
        {
          requestId: "image-1",
          deadlineMs: Date.now() + 60_000,
          functionArn: "arn:aws:lambda:us-east-1:123456789012:function:sandbox",
          payload: JSON.stringify(event),
        },
        (chunk) => chunks.push(chunk.toString()),
      );
      expect(end, log).toMatchObject({ kind: "response", streamed: true });
      const lines = chunks
        .join("")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const pins = pinsOf(readFileSync(join(context.dir, "requirements.txt"), "utf8"));
      const expected = `42 ${pins.get("numpy")} ${pins.get("pandas")} ${pins.get("matplotlib")}\n`;
      expect(lines[0]).toEqual({ type: "output", jobId: "image", stream: "stdout", data: expected });
      expect(lines.at(-1)).toMatchObject({ type: "result", verdict: "ok", stdout: expected });
    } finally {
      runtime.kill("SIGKILL");
      await twin.close();
    }
  }, 60_000);
});

/** name → version of `name==version` lines. */
function pinsOf(requirements: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const line of requirements.split("\n")) {
    const match = /^([A-Za-z0-9._-]+)==([A-Za-z0-9.]+)/.exec(line.trim());
    if (match) pins.set(match[1]!.toLowerCase(), match[2]!);
  }
  return pins;
}

describe("Python the same on both sides", () => {
  const minor = (version: string) => /(\d+\.\d+)/.exec(version)?.[1];

  it("the image's base, the package's requires-python and infra's runtime are the local runner's minor version", () => {
    const local = minor(execFileSync(SYSTEM_PYTHON, ["-c", "import sys; print(sys.version)"], { encoding: "utf8" }));
    const from = dockerfileIn(context).find((i) => i.keyword === "FROM")!.args;
    expect(minor(from.split(":")[1]!)).toBe(local);
    expect(readPyProject(join(context.workspaceDir, "pyproject.toml")).project?.["requires-python"]).toBe(
      `==${local}.*`,
    );
    expect(sandboxArgs.runtime).toBe(`python${local}`);
  });

  it("every pin in the image is the version Debian 12 installs for the local runner", () => {
    const pins = pinsOf(readFileSync(join(context.dir, "requirements.txt"), "utf8"));
    expect([...pins.keys()]).toEqual(expect.arrayContaining(["numpy", "pandas", "matplotlib"]));
    // Debian's metadata, or the module's own __version__ where Debian's metadata has none (kiwisolver: 0.0.0).
    const script = `
import importlib, importlib.metadata as md, json, sys
modules = {}
for module, dists in md.packages_distributions().items():
    for dist in dists: modules.setdefault(dist.lower(), module)
out = {}
for name in sys.argv[1:]:
    version = md.version(name)
    if version == "0.0.0": version = importlib.import_module(modules[name]).__version__
    out[name] = version
print(json.dumps(out))
`;
    const local = JSON.parse(
      execFileSync(SYSTEM_PYTHON, ["-I", "-c", script, ...pins.keys()], { encoding: "utf8" }),
    ) as Record<string, string>;
    expect(Object.fromEntries(pins)).toEqual(local);
  });

  it("a job in the local sandbox (npm run sandbox) imports the pinned numpy, pandas and matplotlib", () => {
    const pins = pinsOf(readFileSync(join(context.dir, "requirements.txt"), "utf8"));
    const program = join(scratch, "versions.py");
    writeFileSync(
      program,
      "import numpy, pandas, matplotlib\nprint(numpy.__version__, pandas.__version__, matplotlib.__version__)\n",
    );
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", join(root, "packages/sandbox/src/cli.ts"), program],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    const result = JSON.parse(out) as { verdict: string; stdout: string };
    expect(result.verdict).toBe("ok");
    expect(result.stdout).toBe(`${pins.get("numpy")} ${pins.get("pandas")} ${pins.get("matplotlib")}\n`);
  }, 60_000);
});
