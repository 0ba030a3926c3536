import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutputFrame } from "@code-remote/core/contract";
import { apiClient, Socket } from "./support/client";
import { sharedTestStack } from "./support/shared-stack";
import { startTestStack, type TestStack } from "./support/stack";

// Live output through the whole local stack, in both sandbox modes: runner → pool → worker →
// gateway → WebSocket client; and, as the cloud runs it (CR_SANDBOX=lambda), runner/runtime.py
// streaming its response to the Runtime API twin → the local InvokeWithResponseStream endpoint →
// the LambdaSandbox adapter (AWS SDK) → worker → gateway → WebSocket client.
const PROGRAM = "import time\nfor i in range(5):\n    print(i, flush=True)\n    time.sleep(0.5)\n";
const outputOf = (frames: OutputFrame[]) => frames.map((f) => f.data).join("");

interface Mode {
  stack: TestStack;
  api: ReturnType<typeof apiClient>;
  token: string;
}

async function submit(mode: Mode, code: string): Promise<string> {
  const response = await mode.api("/execute", { token: mode.token, body: { code } });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body.job.jobId as string;
}

function outputFrames(socket: Socket, jobId: string): OutputFrame[] {
  return socket.frames.filter((f): f is OutputFrame => f.type === "output" && f.jobId === jobId);
}

function liveOutputCases(ctx: () => Mode) {
  it("the first chunk arrives while the job runs, well before the final frame; seq has no gaps", async () => {
    const mode = ctx();
    const { stack, token } = mode;
    const socket = await Socket.open(stack.urls.ws, token);
    try {
      const jobId = await submit(mode, PROGRAM);
      const first = await socket.waitFor((f): f is OutputFrame => f.type === "output" && f.jobId === jobId);
      const firstAt = performance.now();
      expect(first).toMatchObject({ seq: 0, stream: "stdout", data: "0\n" });
      expect(socket.jobStates(jobId).at(-1)).toBe("running");
      const { job } = await socket.waitForFinal(jobId);
      expect(performance.now() - firstAt).toBeGreaterThanOrEqual(1500);
      const frames = outputFrames(socket, jobId);
      expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i));
      expect(outputOf(frames)).toBe("0\n1\n2\n3\n4\n");
      expect(job.result?.stdout).toBe("0\n1\n2\n3\n4\n");
      // Every output frame came before the final job frame.
      const finalAt = socket.frames.findIndex(
        (f) => f.type === "job" && f.job.jobId === jobId && f.job.state === "finished",
      );
      expect(socket.frames.findLastIndex((f) => f.type === "output" && f.jobId === jobId)).toBeLessThan(finalAt);
    } finally {
      socket.close();
    }
  });

  it("a client that connects mid-run catches up with GET /jobs/:id, then continues from the next seq", async () => {
    const mode = ctx();
    const { stack, api, token } = mode;
    const watcher = await Socket.open(stack.urls.ws, token);
    const jobId = await submit(mode, PROGRAM);
    await watcher.waitFor((f): f is OutputFrame => f.type === "output" && f.jobId === jobId && f.seq >= 1);
    watcher.close();
    const late = await Socket.open(stack.urls.ws, token);
    try {
      // The client's way: the first frame it hears says from where it needs the snapshot.
      const first = await late.waitFor((f): f is OutputFrame => f.type === "output" && f.jobId === jobId);
      let snapshot: { stdout: string; nextSeq: number } | undefined;
      while (!snapshot) {
        const { body } = await api(`/jobs/${jobId}`, { token });
        expect(body.job.state, "the job ended before its record held the output so far").toBe("running");
        if (body.job.output?.nextSeq >= first.seq) snapshot = body.job.output;
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { job } = await late.waitForFinal(jobId);
      const after = outputFrames(late, jobId).filter((f) => f.seq >= snapshot!.nextSeq);
      expect(after.map((f) => f.seq)).toEqual(after.map((_, i) => snapshot!.nextSeq + i));
      expect(snapshot.stdout + outputOf(after)).toBe("0\n1\n2\n3\n4\n");
      expect(job.result?.stdout).toBe("0\n1\n2\n3\n4\n");
      expect(job.output).toBeUndefined();
      expect((await api(`/jobs/${jobId}`, { token })).body.job.output).toBeUndefined();
    } finally {
      late.close();
    }
  });
}

describe("live output (local pool)", () => {
  let mode: Mode;
  beforeAll(async () => {
    const stack = await sharedTestStack();
    mode = { stack, api: apiClient(stack.urls.api), token: await stack.user("streamer") };
  });
  afterAll(() => mode?.stack.stop());
  liveOutputCases(() => mode);
});

describe("live output through the Lambda sandbox (CR_SANDBOX=lambda: InvokeWithResponseStream)", () => {
  let mode: Mode;
  beforeAll(async () => {
    const stack = await startTestStack({ sandboxMode: "lambda" });
    mode = { stack, api: apiClient(stack.urls.api), token: await stack.user("lambda-streamer") };
  }, 120_000);
  afterAll(() => mode?.stack.stop());
  liveOutputCases(() => mode);
});
