import { createSocket, type Socket } from "node:dgram";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Result } from "@code-remote/core/execution";
import { LambdaFaithfulSandbox } from "../../src/lambda-faithful-sandbox";
import { LAMBDA_UID } from "../../src/lambda-environment";
import { ProcessSandbox } from "../../src/process-sandbox";
import { BUBBLEWRAP_MODES, descendantsOf, job, jobProcessesUnder, LAMBDA_SECRETS, withLambdaSecrets } from "../helpers";

/**
 * Every program in this directory is an attack. Its header says what it must get:
 *   # expect: VERDICT [ErrorType|SIGNAL]   with every layer on
 *   # kernel: VERDICT [ErrorType]          also run with the audit hook off: the kernel layers alone
 *   # kernel-needs: LAYER                  skip the kernel-only run when that layer is not active
 *   # limits: wallMs=N memoryMb=N ...      # stdin: port   (the port of the test's listeners)
 * For every attack, whatever the verdict: nothing prints ESCAPED, the runner's secret never shows,
 * loopback listeners hear nothing, no file appears outside the job, no job process survives, and
 * the same pool then runs a benign job fine.
 *
 * Every attack runs against the local pool and against the Lambda-faithful mode (handler.py as the
 * deployed function runs it: Lambda's uid, no Landlock, no bubblewrap layer, the role's credentials
 * and SST_KEY in the runtime's environment, none of which may show in any output).
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const SECRET = "attack-suite-secret-6f1d2c";
const PLANTED = "/tmp/code-remote-escaped.txt";

interface Expectation {
  verdict: Result["verdict"];
  detail?: string;
}
interface Attack {
  name: string;
  code: string;
  description: string;
  expect: Expectation;
  kernel?: Expectation;
  limits: Record<string, number>;
  needsPort: boolean;
  /** A layer the kernel-only run needs (e.g. landlock, which older kernels lack). */
  kernelNeeds?: string;
}

function parseAttack(file: string): Attack {
  const code = readFileSync(join(HERE, file), "utf8");
  const header = (key: string) => new RegExp(`^# ${key}: (.+)$`, "m").exec(code)?.[1]?.trim();
  const expectation = (raw: string | undefined): Expectation | undefined => {
    if (!raw) return undefined;
    const [verdict, detail] = raw.split(/\s+/);
    return { verdict: verdict as Result["verdict"], detail };
  };
  const expected = expectation(header("expect"));
  if (!expected) throw new Error(`${file} has no "# expect:" header`);
  const limits = Object.fromEntries(
    (header("limits") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => {
        const [key, value] = pair.split("=");
        return [key!, Number(value)];
      }),
  );
  return {
    name: file.replace(/\.py$/, ""),
    code,
    description: header("attack") ?? file,
    expect: expected,
    kernel: expectation(header("kernel")),
    limits,
    needsPort: header("stdin") === "port",
    kernelNeeds: header("kernel-needs"),
  };
}

const ATTACKS = readdirSync(HERE)
  .filter((file) => file.endsWith(".py"))
  .sort()
  .map(parseAttack);

function checkExpectation(result: Result, expected: Expectation): void {
  expect(result.verdict, `${result.message ?? ""}\n${result.stderr.slice(-800)}`).toBe(expected.verdict);
  if (expected.verdict === "blocked") expect(result.message).toMatch(/^blocked: .+ is not allowed$/);
  if (expected.detail?.startsWith("SIG")) expect(result.signal).toBe(expected.detail);
  else if (expected.detail) expect(result.error?.type).toBe(expected.detail);
}

// A secret in both the test process and the runner's environment: neither may reach a job.
process.env.CODE_REMOTE_ATTACK_SECRET = SECRET;

let tcp: Server;
let udp: Socket;
let port = 0;
let heard = 0;

beforeAll(async () => {
  rmSync(PLANTED, { force: true });
  tcp = createServer((connection) => {
    heard += 1;
    connection.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
  port = (tcp.address() as { port: number }).port;
  udp = createSocket("udp4");
  udp.on("message", () => (heard += 1));
  await new Promise<void>((resolve) => udp.bind(port, "127.0.0.1", resolve));
});

afterAll(() => {
  tcp.close();
  udp.close();
});

type Mode = { label: string; driver: "pool" | "lambda"; bubblewrap: boolean; auditHook: boolean; trace?: boolean };
const MODES: Mode[] = [
  ...BUBBLEWRAP_MODES.map((bubblewrap) => ({
    label: `pool, every layer, bubblewrap: ${bubblewrap}`,
    driver: "pool" as const,
    bubblewrap,
    auditHook: true,
  })),
  {
    label: "pool, kernel layers only (audit hook off, no bubblewrap)",
    driver: "pool",
    bubblewrap: false,
    auditHook: false,
  },
  { label: "Lambda-faithful, every layer", driver: "lambda", bubblewrap: false, auditHook: true },
  {
    label: "Lambda-faithful, kernel layers only (audit hook off)",
    driver: "lambda",
    bubblewrap: false,
    auditHook: false,
  },
  // Trace mode (the tracer and its region in the job child): the pool with every layer only, to keep
  // the suite's time in check; the tracer is the same code in every driver.
  { label: "pool, every layer, trace mode", driver: "pool", bubblewrap: false, auditHook: true, trace: true },
];

/** A driver under attack, with what the checks need: its layers and the processes it holds. */
interface Target {
  layers: readonly string[];
  run: ProcessSandbox["run"];
  close(): Promise<void>;
  /** Job processes that outlived their job (beyond the one child forked ahead per runner). */
  leftovers(): number;
}

async function startTarget({ driver, bubblewrap, auditHook }: Mode): Promise<Target> {
  if (driver === "pool") {
    const pool = new ProcessSandbox({ size: 2, bubblewrap, auditHook, runnerEnv: { AWS_SECRET_ACCESS_KEY: SECRET } });
    await pool.start();
    return {
      layers: pool.layers,
      run: (request) => pool.run(request),
      close: () => pool.close(),
      leftovers: () => Math.max(0, ...pool.runnerPids().map((runner) => jobProcessesUnder(runner).length - 1)),
    };
  }
  const lambda = new LambdaFaithfulSandbox(
    withLambdaSecrets({ concurrency: 2, auditHook, environment: { CODE_REMOTE_FUNCTION_SECRET: SECRET } }),
  );
  await lambda.start();
  return {
    layers: lambda.layers,
    run: (request) => lambda.run(request),
    close: () => lambda.close(),
    // Lambda's uid runs the runtime, its zygote and the child forked ahead: any more is a leftover.
    leftovers: () => Math.max(0, ...lambda.environmentPids().map((root) => processesOf(root, LAMBDA_UID) - 3)),
  };
}

/** Live (not zombie) processes below `root` that run as `uid`. */
function processesOf(root: number, uid: number): number {
  return descendantsOf(root).filter((pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      return !/^State:\s+Z/m.test(status) && Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) === uid;
    } catch {
      return false; // gone while we looked
    }
  }).length;
}

describe.each(MODES)("attacks ($label)", (mode) => {
  const { auditHook } = mode;
  let sandbox: Target;
  const attacks = ATTACKS.filter((attack) => auditHook || attack.kernel);

  beforeAll(async () => {
    sandbox = await startTarget(mode);
  });
  afterAll(() => sandbox.close());

  for (const attack of attacks)
    it(attack.name, async (context) => {
      if (!auditHook && attack.kernelNeeds && !sandbox.layers.includes(attack.kernelNeeds)) {
        context.skip(`this kernel lacks ${attack.kernelNeeds}`);
      }
      heard = 0;
      const request = job(attack.code, {
        stdin: attack.needsPort ? `${port}\n` : "",
        limits: { wallMs: 3000, ...attack.limits },
        ...(mode.trace ? { mode: "trace" as const } : {}),
      });
      const result = await sandbox.run(request);
      if (mode.trace && attack.name === "forge_trace_region") {
        expect(result.stdout).toContain("forged");
        expect(result.trace).toBeUndefined(); // the runner refused the forged steps
        expect(result.profile).toEqual([]); // and every forged line entry
      } else if (!mode.trace && attack.name === "forge_heat_samples") {
        expect(result.stdout).toContain("forged");
        // Only the one well-formed entry, on a line of this program, survives the runner's checks.
        expect(result.lineSamples).toEqual([{ line: 2, samples: 5, ms: 500 }]);
      } else if (mode.trace && result.verdict === "ok") {
        expect(result.trace?.steps.length).toBeGreaterThan(0);
      }

      checkExpectation(result, auditHook ? attack.expect : attack.kernel!);
      expect(result.stdout).not.toContain("ESCAPED");
      for (const secret of [SECRET, ...Object.values(LAMBDA_SECRETS)])
        expect(JSON.stringify(result)).not.toContain(secret);
      expect(heard).toBe(0);
      expect(existsSync(PLANTED)).toBe(false);
      if (attack.name === "protocol_forgery") expect(result.stdout).toContain("reached []");
      if (attack.name === "read_project_files") expect(result.stdout).not.toContain("code-remote");

      // At most the child each runner forked ahead for its next job; never the attack's process.
      expect(sandbox.leftovers()).toBe(0);
      const after = await sandbox.run(job("print('fine')", mode.trace ? { mode: "trace" } : {}));
      expect(after).toMatchObject({ verdict: "ok", stdout: "fine\n" });
      if (mode.trace) expect(after.trace?.steps.map((step) => step.event)).toEqual(["call", "line", "return"]);
    });
});
