/**
 * CPU and page faults per job spent by one sandbox runner's process tree (runner + zygote + the
 * job children the zygote reaped), for back-to-back `print("hi")` jobs. CPU time and fault counts
 * are steadier than wall time on a shared, drifting VM, and they are what the rest of the platform
 * competes with on its 2 cores.
 *
 * Run: npx tsx bench/sandbox-cpu.ts [--jobs N] [--rounds R] [--preload] [--runner-dir DIR ...]
 *   --runner-dir: a runner/ directory to measure (default: packages/sandbox/runner). Give two to
 *   compare, e.g. a copy of an older commit's runner: `git archive HEAD~1 packages/sandbox/runner |
 *   tar -x -C /tmp/base` then `--runner-dir /tmp/base/packages/sandbox/runner --runner-dir
 *   packages/sandbox/runner`. Rounds alternate between the dirs (the VM's speed drifts).
 * The runner is started the way ProcessSandbox starts it without bubblewrap (`python3 -I -S
 * runner.py`, one CPU slot, as root a per-runner job uid); bubblewrap changes nothing a job child
 * does. Counted: utime+stime (+cutime+cstime: reaped children) and minflt (+cminflt) of every live
 * process under the runner, read from /proc/<pid>/stat before and after the N jobs, so the child
 * forked ahead at each end is counted as far as it got (at most one job's setup of error).
 * Prints figures; asserts nothing.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { resolvePython } from "@code-remote/sandbox";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const JOBS = flag("--jobs", 200);
const ROUNDS = flag("--rounds", 3);
const PRELOAD = args.includes("--preload");
const HERE = dirname(fileURLToPath(import.meta.url));
const dirs = args.flatMap((arg, i) => (arg === "--runner-dir" ? [resolve(args[i + 1]!)] : []));
if (dirs.length === 0) dirs.push(join(HERE, "../packages/sandbox/runner"));
const TICK_MS = 1000 / 100; // USER_HZ: /proc/<pid>/stat counts clock ticks of 10 ms
const CODE = 'print("hi")';
const LIMITS = { wallMs: 10_000, memoryMb: 256, outputBytes: 65_536 };

interface Totals {
  cpuMs: number;
  faults: number;
  majorFaults: number;
}

/** Every live process in the tree under `root` (inclusive), from /proc. */
function tree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      const ppid = Number(fields[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone meanwhile */
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) found.push(...(parents.get(found[i]!) ?? []));
  return found;
}

function totals(root: number): Totals {
  let ticks = 0,
    faults = 0,
    majorFaults = 0;
  for (const pid of tree(root)) {
    try {
      // after "comm) ": state(3) ppid ... minflt(10) cminflt(11) majflt(12) cmajflt(13) utime(14) stime cutime cstime(17)
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ").map(Number);
      faults += f[7]! + f[8]!;
      majorFaults += f[9]! + f[10]!;
      ticks += f[11]! + f[12]! + f[13]! + f[14]!;
    } catch {
      /* gone meanwhile */
    }
  }
  return { cpuMs: ticks * TICK_MS, faults, majorFaults };
}

class Runner {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: any) => void)[] = [];
  readonly ready: Promise<any>;

  constructor(dir: string) {
    const flags = [
      "--cpu-slot",
      "0",
      ...(process.getuid?.() === 0 ? ["--job-uid", String(2 ** 30 + 4242)] : []),
      ...(PRELOAD ? [] : ["--no-preload"]),
    ];
    this.child = spawn(resolvePython(), ["-I", "-S", join(dir, "runner.py"), ...flags], {
      env: { LANG: "C.UTF-8", TMPDIR: "/tmp" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stderr.on("data", (chunk) => process.stderr.write(chunk));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.waiting.shift()?.(JSON.parse(line)));
    this.ready = this.next();
  }

  get pid() {
    return this.child.pid!;
  }

  private next(): Promise<any> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async run(jobId: string) {
    const answer = this.next();
    this.child.stdin.write(
      JSON.stringify({ type: "run", request: { jobId, code: CODE, stdin: "", limits: LIMITS } }) + "\n",
    );
    const { result } = await answer;
    if (result.verdict !== "ok" || result.stdout !== "hi\n") throw new Error(`job failed: ${JSON.stringify(result)}`);
  }

  close() {
    this.child.stdin.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(dir: string) {
  const runner = new Runner(dir);
  await runner.ready;
  for (let i = 0; i < 10; i++) await runner.run(`warm-${i}`);
  await sleep(100); // the child forked ahead has finished its setup
  const before = totals(runner.pid);
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) await runner.run(`job-${i}`);
  const wallMs = performance.now() - started;
  await sleep(100);
  const after = totals(runner.pid);
  runner.close();
  return {
    cpuMs: (after.cpuMs - before.cpuMs) / JOBS,
    faults: (after.faults - before.faults) / JOBS,
    majorFaults: (after.majorFaults - before.majorFaults) / JOBS,
    wallMs: wallMs / JOBS,
  };
}

const rows: Record<string, Record<string, string>> = {};
const sums = new Map<string, { cpuMs: number[]; faults: number[]; wallMs: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const dir of dirs) {
    const m = await measure(dir);
    const s = sums.get(dir) ?? { cpuMs: [], faults: [], wallMs: [] };
    s.cpuMs.push(m.cpuMs);
    s.faults.push(m.faults);
    s.wallMs.push(m.wallMs);
    sums.set(dir, s);
    rows[`round ${round + 1}: ${dir}`] = {
      "CPU ms/job": m.cpuMs.toFixed(2),
      "minor faults/job": m.faults.toFixed(0),
      "major faults/job": m.majorFaults.toFixed(2),
      "wall ms/job (back to back)": m.wallMs.toFixed(2),
    };
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [dir, s] of sums) {
  rows[`median: ${dir}`] = {
    "CPU ms/job": median(s.cpuMs).toFixed(2),
    "minor faults/job": median(s.faults).toFixed(0),
    "major faults/job": "",
    "wall ms/job (back to back)": median(s.wallMs).toFixed(2),
  };
}
console.log(
  `sandbox CPU per job: ${JOBS} back-to-back print("hi") jobs per round, ${ROUNDS} rounds, ` +
    `${PRELOAD ? "libraries pre-imported" : "plain runner (--no-preload)"}, no bubblewrap, load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
);
console.table(rows);
