import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/**
 * Where a benchmark's CPU went, so a figure can be read against what the machine can give: this
 * process (the whole local stack, in one event loop) and every core of the machine (the sandbox's
 * Python processes, the kernel, anything else), from process.cpuUsage() and /proc/stat.
 */
export interface CpuSpent {
  /** CPU time of this process, ms. */
  processMs: number;
  /** Busy time of all cores together (everything but idle and iowait), ms. */
  machineMs: number;
  wallMs: number;
}

export function cpuMeter(): () => CpuSpent {
  const process0 = process.cpuUsage();
  const machine0 = machineBusyMs();
  const wall0 = performance.now();
  return () => {
    const used = process.cpuUsage(process0);
    return {
      processMs: (used.user + used.system) / 1000,
      machineMs: machineBusyMs() - machine0,
      wallMs: performance.now() - wall0,
    };
  };
}

/** Busy milliseconds of all cores since boot (Linux; 0 elsewhere). */
function machineBusyMs(): number {
  let line: string;
  try {
    line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  } catch {
    return 0;
  }
  // cpu  user nice system idle iowait irq softirq steal ...  (USER_HZ ticks, 100 a second on Linux)
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = ticks.reduce((a, b) => a + b, 0) - (ticks[3] ?? 0) - (ticks[4] ?? 0);
  return busy * 10;
}

/** One line: CPU per job of the stack process and of the machine, and the floor the machine's cores set. */
export function describeCpu(spent: CpuSpent, jobs: number): string {
  const cores = availableParallelism();
  const perJob = (v: number) => `${(v / jobs).toFixed(1)} ms`;
  return (
    `CPU per job: the stack's process ${perJob(spent.processMs)}, the whole machine ${perJob(spent.machineMs)} ` +
    `(every process; ${((100 * spent.machineMs) / (spent.wallMs * cores)).toFixed(0)}% of ${cores} cores busy): ` +
    `at that cost ${cores} cores finish at most one job every ${perJob(spent.machineMs / cores)}`
  );
}
