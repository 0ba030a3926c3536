/**
 * Sandbox benchmark: a trivial job through the warm ProcessSandbox pool vs spawning a fresh
 * `python3 -c` per job (the naive baseline, with no isolation at all), measured in the same run.
 * Run: npx tsx bench/sandbox.ts [--jobs N]   (not a test; prints figures and ratios)
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { ProcessSandbox, resolvePython } from "@code-remote/sandbox";
import { percentile } from "./stats";

const CODE = "print(sum(range(100)))";
const jobsFlag = process.argv.indexOf("--jobs");
const JOBS = jobsFlag > 0 ? Number(process.argv[jobsFlag + 1]) : 200;
const CORES = availableParallelism();
const python = resolvePython();

const GAP_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Median and p99 of one-at-a-time latency, after a gap of gapMs between jobs (not counted). */
async function latency(runOne: () => Promise<void>, gapMs: number): Promise<{ median: number; p99: number }> {
  const latencies: number[] = [];
  for (let i = 0; i < JOBS; i++) {
    if (gapMs) await sleep(gapMs);
    const started = performance.now();
    await runOne();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { median: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/**
 * Latency back to back and with a 50 ms gap between jobs (jobs arriving now and then: the pool
 * has forked the next child ahead), and jobs/s with CORES jobs in flight.
 */
async function measure(runOne: () => Promise<void>) {
  for (let i = 0; i < 10; i++) await runOne(); // warm-up
  const backToBack = await latency(runOne, 0);
  const spaced = await latency(runOne, GAP_MS);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CORES }, async () => {
      while (next++ < JOBS) await runOne();
    }),
  );
  const perSecond = JOBS / ((performance.now() - started) / 1000);
  return { backToBack, spaced, perSecond };
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
  const result = await sandbox.run({
    jobId: `bench-${id++}`,
    code: CODE,
    stdin: "",
    limits: { wallMs: 10_000, memoryMb: 256, outputBytes: 65_536 },
  });
  if (result.verdict !== "ok") throw new Error(`bench job failed: ${JSON.stringify(result)}`);
});
await sandbox.close();
const baseline = await measure(spawnPython);

const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (m: Awaited<ReturnType<typeof measure>>) => ({
  median: ms(m.backToBack.median),
  p99: ms(m.backToBack.p99),
  [`median, ${GAP_MS} ms apart`]: ms(m.spaced.median),
  [`p99, ${GAP_MS} ms apart`]: ms(m.spaced.p99),
  "jobs/s (all cores)": m.perSecond.toFixed(1),
});
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
console.log(`sandbox benchmark: ${JOBS} jobs per figure, ${CORES} cores, ${python}`);
console.log(`layers: ${sandbox.layers.join(", ")}`);
console.table({
  "warm pool (fork per job, all layers)": row(pool),
  "spawn python3 -c per job (no isolation)": row(baseline),
});
console.log(
  `median latency, back to back: pool ${ratio(baseline.backToBack.median, pool.backToBack.median)} faster than spawning`,
);
console.log(`p99 latency, back to back:    pool ${ratio(baseline.backToBack.p99, pool.backToBack.p99)} faster`);
console.log(`median latency, spaced:       pool ${ratio(baseline.spaced.median, pool.spaced.median)} faster`);
console.log(`p99 latency, spaced:          pool ${ratio(baseline.spaced.p99, pool.spaced.p99)} faster`);
console.log(
  `throughput, all cores busy:   pool does ${ratio(pool.perSecond, baseline.perSecond)} the jobs/s of spawning`,
);
