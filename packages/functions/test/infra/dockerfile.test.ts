import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDockerfile } from "./dockerfile";
import { ensureSstPlatform } from "./sst-python-build";

// Lints the sandbox image's Dockerfile: a pinned Lambda Python base whose version is the runtime
// infra/ declares, COPY only (no ADD, nothing fetched but the pinned wheels), no secrets, no CMD
// (SST sets the image's command from the handler) and our own runtime loop as the ENTRYPOINT. What
// the build context holds and whether ENTRYPOINT + command serve a job is python-image.test.ts.
const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dockerfile = join(root, "packages/sandbox/runner/Dockerfile");
const instructions = existsSync(dockerfile) ? parseDockerfile(readFileSync(dockerfile, "utf8")) : [];
const known = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

beforeAll(() => ensureSstPlatform(root), 180_000);

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

  it("fetches nothing but wheels, and bakes in no secrets", () => {
    expect(instructions.filter((i) => i.keyword === "ADD")).toEqual([]); // COPY only (hadolint DL3020)
    for (const i of instructions.filter((i) => i.keyword === "RUN")) {
      expect(i.args, `line ${i.line}`).not.toMatch(/\b(curl|wget)\b|https?:\/\//);
      if (/\bpip\b/.test(i.args)) {
        expect(i.args, `line ${i.line}: binary wheels only`).toMatch(/--only-binary=:all:/);
        expect(i.args, `line ${i.line}: no pip cache in a layer`).toMatch(/--no-cache-dir/);
      }
    }
    for (const i of instructions.filter((i) => i.keyword === "ENV" || i.keyword === "ARG")) {
      expect(i.args, `line ${i.line}`).not.toMatch(/(KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL)/i);
    }
    for (const copy of instructions.filter((i) => i.keyword === "COPY")) {
      expect(copy.args, `line ${copy.line}: no --from, no --chown tricks`).not.toMatch(/^--/);
    }
  });

  it("sets no CMD (SST 3.19.3 sets the command from the handler, imageConfig.commands, and no entry point)", () => {
    expect(instructions.filter((i) => i.keyword === "CMD")).toEqual([]);
    const component = readFileSync(join(root, ".sst/platform/src/components/aws/function.ts"), "utf8");
    expect(component).toMatch(/imageConfig:\s*\{\s*commands:/);
    expect(component, "SST would override the image's ENTRYPOINT").not.toMatch(/entryPoints?:/);
  });

  it("has one ENTRYPOINT, in exec form: the base image's Python running our runtime loop (runtime.py) from the task root", () => {
    const entrypoints = instructions.filter((i) => i.keyword === "ENTRYPOINT");
    expect(entrypoints).toHaveLength(1);
    const argv = JSON.parse(entrypoints[0]!.args) as string[];
    expect(argv).toEqual(["/var/lang/bin/python3", "/var/task/packages/sandbox/runner/runtime.py"]);
    const copied = instructions.filter((i) => i.keyword === "COPY").map((i) => i.args.split(/\s+/).pop()!);
    expect(copied, "runtime.py goes where the ENTRYPOINT looks").toContain(
      "${LAMBDA_TASK_ROOT}/packages/sandbox/runner/",
    );
  });
});
