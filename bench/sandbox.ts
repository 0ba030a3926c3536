/**
 * Sandbox benchmark: a trivial job through the warm ProcessSandbox pool vs spawning a fresh
 * `python3 -c` per job (the naive baseline, with no isolation at all), measured in the same run.
 * Run: npx tsx bench/sandbox.ts [--jobs N]   (not a test; prints figures and ratios)
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { ProcessSandbox, resolvePython } from "@code-remote/sandbox";

const CODE = "print(sum(range(100)))";
const jobsFlag = process.argv.indexOf("--jobs");
const JOBS = jobsFlag > 0 ? Number(process.argv[jobsFlag + 1]) : 300;
const CORES = availableParallelism();
const python = resolvePython();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Median and p99 of one-at-a-time latency, and jobs/s with CORES jobs in flight. */
async function measure(runOne: () => Promise<void>): Promise<{ median: number; p99: number; perSecond: number }> {
  for (let i = 0; i < 10; i++) await runOne(); // warm-up
  const latencies: number[] = [];
  for (let i = 0; i < JOBS; i++) {
    const started = performance.now();
    await runOne();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CORES }, async () => {
      while (next++ < JOBS) await runOne();
    }),
  );
  const perSecond = JOBS / ((performance.now() - started) / 1000);
  return { median: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond };
}

function spawnPython(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-c", CODE], { stdio: ["ignore", "pipe", "pipe"], env: {} });
    child.stdout.resume();
    child.stderr.resume();
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`python exited ${code}`))));
  });
}

const sandbox = new ProcessSandbox({ size: CORES });
await sandbox.start();
let id = 0;
const pool = await measure(async () => {
  const result = await sandbox.run({ jobId: `bench-${id++}`, code: CODE, stdin: "", limits: { wallMs: 10_000, memoryMb: 256, outputBytes: 65_536 } });
  if (result.verdict !== "ok") throw new Error(`bench job failed: ${JSON.stringify(result)}`);
});
await sandbox.close();
const baseline = await measure(spawnPython);

const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(`sandbox benchmark: ${JOBS} jobs, ${CORES} cores, ${python}`);
console.log(`layers: ${sandbox.layers.join(", ")}`);
console.table({
  "warm pool (fork per job, all layers)": { median: ms(pool.median), p99: ms(pool.p99), "jobs/s": pool.perSecond.toFixed(1) },
  "spawn python3 -c per job (no isolation)": { median: ms(baseline.median), p99: ms(baseline.p99), "jobs/s": baseline.perSecond.toFixed(1) },
});
console.log(`median latency: pool is ${(baseline.median / pool.median).toFixed(2)}x faster than spawning`);
console.log(`p99 latency:    pool is ${(baseline.p99 / pool.p99).toFixed(2)}x faster than spawning`);
console.log(`throughput:     pool does ${(pool.perSecond / baseline.perSecond).toFixed(2)}x the jobs/s of spawning`);
