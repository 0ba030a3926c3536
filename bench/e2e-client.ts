/**
 * The benchmark's browser side, in a process of its own (as a browser is never in the server's event
 * loop): real HTTP and WebSocket against the local stack. bench/e2e.ts forks it and sends it phases one
 * at a time; it answers each with the latencies (ms, POST /execute sent → final WebSocket frame received).
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { apiClient, Socket } from "../packages/local/test/support/client";

export type ClientPhase =
  | { kind: "one-at-a-time"; api: string; ws: string; token: string; jobs: number; pauseMs: number }
  | { kind: "burst"; api: string; ws: string; tokens: string[]; perUser: number }
  | { kind: "stream"; api: string; ws: string; token: string; prints: number };

export interface PhaseResult {
  latencies: number[];
  drainedMs: number;
}

const CODE = 'print("hi")';

/** A client process, running one phase at a time. */
export interface BenchClient {
  run(phase: ClientPhase): Promise<PhaseResult>;
  close(): void;
}

export function startClient(): BenchClient {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  let exited: Error | undefined;
  const waiting = new Set<(reply: { result?: PhaseResult; error?: string }) => void>();
  child.on("message", (reply: { result?: PhaseResult; error?: string }) => {
    for (const answer of waiting) answer(reply);
    waiting.clear();
  });
  child.on("exit", (code) => {
    exited = new Error(`the benchmark client exited (${code})`);
    for (const answer of waiting) answer({ error: exited.message });
    waiting.clear();
  });
  return {
    run(phase) {
      if (exited) return Promise.reject(exited);
      return new Promise((resolve, reject) => {
        waiting.add((reply) =>
          reply.error !== undefined ? reject(new Error(`benchmark client: ${reply.error}`)) : resolve(reply.result!),
        );
        child.send(phase);
      });
    },
    close: () => void child.kill(),
  };
}

async function submitAndWait(api: ReturnType<typeof apiClient>, token: string, socket: Socket, timeoutMs: number) {
  const t = performance.now();
  const r = await api("/execute", { token, body: { code: CODE } });
  if (r.status !== 202) throw new Error(`execute failed: ${r.status} ${JSON.stringify(r.body)}`);
  const { job } = await socket.waitForFinal(r.body.job.jobId, timeoutMs);
  if (job.state !== "finished" || job.result?.stdout !== "hi\n")
    throw new Error(`unexpected end ${JSON.stringify(job)}`);
  return performance.now() - t;
}

/**
 * Live output: a job prints its own wall-clock time `prints` times, 60 ms apart (more than the
 * runner's 50 ms coalescing window, so each print is a chunk of its own); the latency of each is its
 * output frame's arrival here minus the time it printed (one machine, one clock).
 */
async function streamLatencies(api: ReturnType<typeof apiClient>, phase: Extract<ClientPhase, { kind: "stream" }>) {
  const socket = await Socket.open(phase.ws, phase.token);
  const latencies: number[] = [];
  socket.ws.on("message", (data) => {
    const arrived = Date.now();
    const frame = JSON.parse(String(data)) as { type: string; data?: string };
    if (frame.type !== "output") return;
    for (const line of frame.data!.split("\n").filter(Boolean)) latencies.push(arrived - Number(line) * 1000);
  });
  try {
    const code = `import time\nfor _ in range(${phase.prints}):\n    print(repr(time.time()))\n    time.sleep(0.06)\n`;
    const r = await api("/execute", { token: phase.token, body: { code, limits: { wallMs: 30_000 } } });
    if (r.status !== 202) throw new Error(`execute failed: ${r.status} ${JSON.stringify(r.body)}`);
    const { job } = await socket.waitForFinal(r.body.job.jobId, 60_000);
    if (job.result?.verdict !== "ok") throw new Error(`unexpected end ${JSON.stringify(job.result)}`);
    return latencies;
  } finally {
    socket.close();
  }
}

async function run(phase: ClientPhase): Promise<PhaseResult> {
  const api = apiClient(phase.api);
  const started = performance.now();
  if (phase.kind === "stream")
    return { latencies: await streamLatencies(api, phase), drainedMs: performance.now() - started };
  if (phase.kind === "one-at-a-time") {
    const socket = await Socket.open(phase.ws, phase.token);
    try {
      const latencies: number[] = [];
      for (let i = 0; i < phase.jobs; i++) {
        if (phase.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, phase.pauseMs));
        latencies.push(await submitAndWait(api, phase.token, socket, 60_000));
      }
      return { latencies, drainedMs: performance.now() - started };
    } finally {
      socket.close();
    }
  }
  // Every user fires all its jobs at once; latency is each job's submit → its final frame.
  const sockets = await Promise.all(phase.tokens.map((token) => Socket.open(phase.ws, token)));
  try {
    const begun = performance.now();
    const latencies = (
      await Promise.all(
        phase.tokens.map((token, u) =>
          Promise.all(Array.from({ length: phase.perUser }, () => submitAndWait(api, token, sockets[u]!, 600_000))),
        ),
      )
    ).flat();
    return { latencies, drainedMs: performance.now() - begun };
  } finally {
    for (const socket of sockets) socket.close();
  }
}

if (process.send) {
  process.on("message", (phase: ClientPhase) => {
    run(phase).then(
      (result) => process.send!({ result }),
      (error: unknown) => process.send!({ error: String(error instanceof Error ? error.stack : error) }),
    );
  });
}
