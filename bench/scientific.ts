/**
 * Scientific-stack benchmark: should the warm runner pre-import numpy/pandas/matplotlib?
 * Measures, with and without pre-import (in the same run), the median latency of
 *   - a numpy job: `import numpy` + a small computation,
 *   - a trivial job (`print(sum(range(100)))`): what pre-importing costs every other job (a bigger
 *     runner means more page tables to copy at each fork),
 *   - a plot job (matplotlib, one PNG back).
 * Jobs run one at a time with a gap (the pool has forked ahead, as with real traffic).
 * Run: npx tsx bench/scientific.ts [--jobs N]   (not a test; prints figures and ratios)
 */
import { ProcessSandbox } from "@code-remote/sandbox";
import { summary } from "./stats";

const jobsFlag = process.argv.indexOf("--jobs");
const JOBS = jobsFlag > 0 ? Number(process.argv[jobsFlag + 1]) : 40;
const GAP_MS = 50;
const CASES = {
  numpy: "import numpy as np\na = np.arange(10_000, dtype=float)\nprint(float((a @ a) ** 0.5))",
  trivial: "print(sum(range(100)))",
  plot: "import matplotlib.pyplot as plt\nplt.figure(figsize=(4, 3))\nplt.plot([1, 3, 2])\nplt.show()",
} as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => summary(values).median;

async function measure(preload: boolean): Promise<Record<keyof typeof CASES, { latency: number; cpu: number }>> {
  const startedAt = performance.now();
  const sandbox = new ProcessSandbox({ size: 1, preload });
  await sandbox.start();
  console.log(
    `preload ${preload}: runner ready in ${(performance.now() - startedAt).toFixed(0)} ms (${sandbox.libraries.join(", ")})`,
  );
  const out = {} as Record<keyof typeof CASES, { latency: number; cpu: number }>;
  let id = 0;
  for (const [name, code] of Object.entries(CASES) as [keyof typeof CASES, string][]) {
    const latencies: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < JOBS + 3; i++) {
      await sleep(GAP_MS);
      const started = performance.now();
      const result = await sandbox.run({
        jobId: `sci-${id++}`,
        code,
        stdin: "",
        limits: { wallMs: 30_000, memoryMb: 512, outputBytes: 65_536 },
      });
      const elapsed = performance.now() - started;
      if (result.verdict !== "ok") throw new Error(`bench job failed: ${JSON.stringify(result).slice(0, 500)}`);
      if (i >= 3) {
        latencies.push(elapsed); // the first 3 are warm-up
        cpu.push(result.usage.cpuMs);
      }
    }
    out[name] = { latency: median(latencies), cpu: median(cpu) };
  }
  await sandbox.close();
  return out;
}

const without = await measure(false);
const withPreload = await measure(true);
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(`scientific benchmark: ${JOBS} jobs per figure, one runner, ${GAP_MS} ms between jobs, medians`);
console.table(
  Object.fromEntries(
    (Object.keys(CASES) as (keyof typeof CASES)[]).map((name) => [
      name,
      {
        "latency, no pre-import": ms(without[name].latency),
        "latency, pre-imported": ms(withPreload[name].latency),
        "job CPU, no pre-import": ms(without[name].cpu),
        "job CPU, pre-imported": ms(withPreload[name].cpu),
        ratio: `${(without[name].latency / withPreload[name].latency).toFixed(2)}x`,
      },
    ]),
  ),
);
