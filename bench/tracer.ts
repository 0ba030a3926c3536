/**
 * Tracer benchmark: the same loop-heavy program as a bare run (`profile: false`: no heat map), an
 * ordinary run (the sampled heat map every run gets), a counted run (`profile: true`: every line
 * hit) and a trace run (`mode: "trace"`), through one warm ProcessSandbox runner, interleaved,
 * measured in the same run. Prints each one's median CPU time and the ratios to the bare run.
 * Run: npx tsx bench/tracer.ts [--rounds N]   (not a test; ~40 s with 5 rounds)
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

type Variant = "bare" | "sampled" | "counted" | "trace";
const VARIANTS: Variant[] = ["bare", "sampled", "counted", "trace"];

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
    ...(variant === "counted" ? { profile: true } : variant === "bare" ? { profile: false } : {}),
  };
  const result = await sandbox.run(request);
  if (result.verdict !== "ok") throw new Error(`bench job failed: ${JSON.stringify(result).slice(0, 500)}`);
  if ((variant === "counted" || variant === "trace") && !result.profile) throw new Error("no profile");
  if (variant === "sampled" && !result.lineSamples) throw new Error("no samples");
  if (variant === "bare" && (result.profile || result.lineSamples)) throw new Error("a bare run has a heat map");
  return result.usage.cpuMs;
};

const rows: Record<string, Record<string, string>> = {};
try {
  for (const [name, code] of Object.entries(PROGRAMS)) {
    const samples: Record<Variant, number[]> = { bare: [], sampled: [], counted: [], trace: [] };
    for (const variant of VARIANTS) await run(code, variant); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) samples[variant].push(await run(code, variant));
    }
    const median = (variant: Variant) =>
      percentile(
        [...samples[variant]].sort((a, b) => a - b),
        50,
      );
    const ratio = (variant: Variant) => `${(median(variant) / median("bare")).toFixed(2)}x`;
    rows[name] = {
      "bare CPU": `${median("bare").toFixed(0)} ms`,
      "sampled CPU": `${median("sampled").toFixed(0)} ms`,
      "counted CPU": `${median("counted").toFixed(0)} ms`,
      "trace CPU": `${median("trace").toFixed(0)} ms`,
      "heat map overhead, every run (sampled / bare)": ratio("sampled"),
      "heat map overhead, opt-in (counted / bare)": ratio("counted"),
      "tracing overhead (trace / bare)": ratio("trace"),
    };
  }
} finally {
  await sandbox.close();
}
console.log(`tracer overhead, median CPU of ${ROUNDS} interleaved rounds per variant (one warm runner)`);
console.table(rows);
