/**
 * End-to-end benchmark of the local stack (not a test): POST /execute → final WebSocket frame for
 * print("hi"), one job at a time; then 1,000 jobs queued at once by 20 users; against the start time of
 * `python3 -c pass` on the same machine, measured in the same run.
 * Jobs one at a time are measured twice: back to back (the next POST as soon as the final frame is in,
 * so each job also shares the CPU with the previous one's tail and the next sandbox child's set-up)
 * and paced (the next POST --pause ms later, as a person reading the output would send it: the
 * latency of a job on its own).
 * The client (HTTP + WebSocket, as a browser) runs in a process of its own (bench/e2e-client.ts).
 * Then live output: the time from a print in the sandbox to its output frame at the client.
 * Run: npm run bench   [--sequential N] [--pause MS] [--prints N] [--burst N] [--users N]
 */
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus } from "node:os";
import { resolvePython } from "@code-remote/sandbox";
import { NO_LIMITS, startTestStack } from "../packages/local/test/support/stack";
import { cpuMeter, describeCpu } from "./cpu";
import { startClient } from "./e2e-client";
import { ms, summary } from "./stats";

process.env.AWS_EC2_METADATA_DISABLED ??= "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SEQUENTIAL = arg("sequential", 200);
const BURST = arg("burst", 1000);
const USERS = arg("users", 20);
const PAUSE_MS = arg("pause", 100);
const STREAM_PRINTS = arg("prints", 200);

function pythonStartMs(python: string, runs = 30): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(python, ["-c", "pass"]);
    samples.push(performance.now() - t);
  }
  return samples;
}

// Rate limits off, but the queued-jobs limit as in production, raised only to the burst's share per
// user (its check reads up to twice that many of the user's newest jobs on every submit).
const maxQueued = Math.max(20, Math.ceil(BURST / USERS));
const stackStarted = performance.now();
const stack = await startTestStack({ settings: { ...NO_LIMITS, CR_LIMIT_MAX_QUEUED_PER_USER: String(maxQueued) } });
// Everything `npm start` starts (emulators, pool, handlers), on this machine, now: the README's < 2 s.
const stackStartMs = performance.now() - stackStarted;
const client = startClient();

try {
  const python = resolvePython();
  const baseline = summary(pythonStartMs(python));
  const shim = spawnSync("sh", ["-c", "command -v python3"], { encoding: "utf8" }).stdout.trim();
  const shimBaseline = shim && shim !== python ? summary(pythonStartMs(shim, 10)) : undefined;
  console.log(
    `  local stack start: ${ms(stackStartMs)} (${(stackStartMs / baseline.median).toFixed(1)}× python start)`,
  );

  // One job at a time, as a person at the keyboard sees it; the client is a process of its own.
  const { idToken } = await stack.signIn(stack.auth.demoUser.username, stack.auth.demoUser.password);
  const urls = { api: stack.urls.api, ws: stack.urls.ws };
  const oneAtATime = (jobs: number, pauseMs: number) =>
    client.run({ kind: "one-at-a-time", ...urls, token: idToken, jobs, pauseMs });
  await oneAtATime(10, 0); // warm-up: JIT, JWKS fetch, first forks
  const meter = cpuMeter();
  const seq = summary((await oneAtATime(SEQUENTIAL, 0)).latencies);
  const seqCpu = meter();
  const alone = summary((await oneAtATime(SEQUENTIAL, PAUSE_MS)).latencies);
  const printToClient = summary(
    (await client.run({ kind: "stream", ...urls, token: idToken, prints: STREAM_PRINTS })).latencies,
  );

  // A burst: every user fires all its jobs at once.
  const tokens = await Promise.all(Array.from({ length: USERS }, (_, u) => stack.user(`bench-${u}`)));
  const perUser = Math.ceil(BURST / USERS);
  const burstMeter = cpuMeter();
  const { latencies, drainedMs } = await client.run({ kind: "burst", ...urls, tokens, perUser });
  const burstCpu = burstMeter();
  const burst = summary(latencies);
  const throughput = (latencies.length / drainedMs) * 1000;
  const baselineThroughput = (1000 / baseline.median) * availableParallelism();

  console.log(
    `Code Remote end-to-end benchmark — ${cpus()[0]?.model ?? "cpu"} × ${availableParallelism()}, Node ${process.version}`,
  );
  console.log(`sandbox layers: ${stack.sandboxLayers.join(", ")}`);
  console.log("");
  console.log(`baseline: ${python} -c pass            median ${ms(baseline.median)}  p99 ${ms(baseline.p99)}`);
  if (shimBaseline) console.log(`          ${shim} -c pass   median ${ms(shimBaseline.median)}`);
  console.log(
    `e2e, ${SEQUENTIAL} print("hi") back to back   median ${ms(seq.median)}  p99 ${ms(seq.p99)}   (POST /execute → final WebSocket frame)`,
  );
  console.log(`    ratio e2e median / python start:   ${(seq.median / baseline.median).toFixed(2)}×`);
  console.log(`    ${describeCpu(seqCpu, SEQUENTIAL)}`);
  console.log(
    `e2e, ${SEQUENTIAL} print("hi") ${PAUSE_MS} ms apart    median ${ms(alone.median)}  p99 ${ms(alone.p99)}   (each job on its own: the latency a person sees)`,
  );
  console.log(`    ratio e2e median / python start:   ${(alone.median / baseline.median).toFixed(2)}×`);
  console.log(
    `live output, ${STREAM_PRINTS} prints 60 ms apart  print → output frame at the client: median ${ms(printToClient.median)}  p99 ${ms(printToClient.p99)}`,
  );
  console.log(
    `    ratio to a whole print("hi") job (on its own): ${(printToClient.median / alone.median).toFixed(2)}×`,
  );
  console.log(
    `burst, ${latencies.length} jobs from ${USERS} users       drained in ${(drainedMs / 1000).toFixed(1)} s = ${throughput.toFixed(0)} jobs/s, ` +
      `latency median ${ms(burst.median)}  p99 ${ms(burst.p99)}; lost: ${USERS * perUser - latencies.length}`,
  );
  console.log(`    ${describeCpu(burstCpu, latencies.length)}`);
  console.log(
    `    ratio throughput / (cores × 1/python start) = ${(throughput / baselineThroughput).toFixed(2)}× ` +
      `(baseline ${baselineThroughput.toFixed(0)} bare interpreter starts/s, doing no job at all)`,
  );
} finally {
  client.close();
  await stack.stop();
}
