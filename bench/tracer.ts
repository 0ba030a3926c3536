/**
 * Tracer benchmark: the same loop-heavy program as a plain run, a profiled run (`profile: true`,
 * the heat map) and a trace run (`mode: "trace"`), through one warm ProcessSandbox runner,
 * interleaved, measured in the same run. Prints each one's median CPU time and the ratios to the
 * plain run. Run: npx tsx bench/tracer.ts [--rounds N]   (not a test; ~30 s with 5 rounds)
 */
import type { SandboxRequest } from "@code-remote/core/execution";
import { ProcessSandbox } from "@code-remote/sandbox";
import { percentile } from "./stats";

const roundsFlag = process.argv.indexOf("--rounds");
const ROUNDS = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 5;

const PROGRAMS: Record<string, string> = {
  // Lines in a tight loop: the case a per-line hook costs the most.
  "loop-heavy": `total = 0
for i in range(300_000):
    if i % 3 == 0:
        total += i * i
    else:
        total -= 1
print(total)
`,
  // A call per iteration: the global trace function runs on every call too.
  "call-heavy": `def step(a, b):
    return (a * 31 + b) % 1_000_003

value = 1
for i in range(150_000):
    value = step(value, i)
print(value)
`,
};

type Variant = "plain" | "profile" | "trace";
const VARIANTS: Variant[] = ["plain", "profile", "trace"];

const sandbox = new ProcessSandbox({ size: 1 });
await sandbox.start();
let id = 0;
const run = async (code: string, variant: Variant): Promise<number> => {
  const request: SandboxRequest = {
    jobId: `bench-tracer-${id++}`,
    code,
    stdin: "",
    limits: { wallMs: 30_000, memoryMb: 256, outputBytes: 65_536 },
    ...(variant === "trace" ? { mode: "trace" as const } : {}),
    ...(variant === "profile" ? { profile: true } : {}),
  };
  const result = await sandbox.run(request);
  if (result.verdict !== "ok") throw new Error(`bench job failed: ${JSON.stringify(result).slice(0, 500)}`);
  if (variant !== "plain" && !result.profile) throw new Error("no profile");
  return result.usage.cpuMs;
};

const rows: Record<string, Record<string, string>> = {};
try {
  for (const [name, code] of Object.entries(PROGRAMS)) {
    const samples: Record<Variant, number[]> = { plain: [], profile: [], trace: [] };
    for (const variant of VARIANTS) await run(code, variant); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) samples[variant].push(await run(code, variant));
    }
    const median = (variant: Variant) =>
      percentile(
        [...samples[variant]].sort((a, b) => a - b),
        50,
      );
    rows[name] = {
      "plain CPU": `${median("plain").toFixed(0)} ms`,
      "profile CPU": `${median("profile").toFixed(0)} ms`,
      "trace CPU": `${median("trace").toFixed(0)} ms`,
      "heat map overhead (profile / plain)": `${(median("profile") / median("plain")).toFixed(2)}x`,
      "tracing overhead (trace / plain)": `${(median("trace") / median("plain")).toFixed(2)}x`,
    };
  }
} finally {
  await sandbox.close();
}
console.log(`tracer overhead, median CPU of ${ROUNDS} interleaved rounds per variant (one warm runner)`);
console.table(rows);
