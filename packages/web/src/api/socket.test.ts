import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ConnectionStatus, JobSocket } from "./socket";
import type { Job, ServerFrame } from "./types";

/** Just enough of the browser WebSocket to drive JobSocket by hand. */
class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static instances: FakeWebSocket[] = [];
  readyState = FakeWebSocket.CONNECTING;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: URL) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
  receive(frame: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const latest = () => FakeWebSocket.instances.at(-1) as FakeWebSocket;

function makeSocket(fetchJob: (jobId: string) => Promise<Job> = () => Promise.reject(new Error("no fetch expected"))) {
  const statuses: ConnectionStatus[] = [];
  const frames: ServerFrame[] = [];
  let tokens = 0;
  const onReconnect = vi.fn();
  const socket = new JobSocket({
    url: "ws://127.0.0.1:9/ws",
    token: async () => `token-${++tokens}`,
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    onReconnect,
    fetchJob,
  });
  return { socket, statuses, frames, onReconnect };
}

const job = (state: Job["state"], overrides: Partial<Job> = {}): Job => ({
  jobId: "01JAAAAAAAAAAAAAAAAAAAAAAA",
  userId: "u1",
  code: "print('x' * 300_000)",
  stdin: "",
  limits: { wallMs: 10_000, memoryMb: 256, outputBytes: 262_144 },
  state,
  attempt: 1,
  createdAt: 1,
  expiresAt: 2,
  ...overrides,
});

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
  vi.stubGlobal("WebSocket", FakeWebSocket);
  vi.stubGlobal("window", { addEventListener: vi.fn(), removeEventListener: vi.fn() });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("JobSocket", () => {
  it("connects with a fresh token, passes frames on and pings every 30 s", async () => {
    const { socket, statuses, frames } = makeSocket();
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().url.searchParams.get("token")).toBe("token-1");
    latest().open();
    latest().receive({ type: "pong" });
    expect(statuses).toEqual(["connecting", "open"]);
    expect(frames).toEqual([{ type: "pong" }]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(latest().sent).toEqual(['{"action":"ping"}']);
    socket.stop();
  });

  it("reconnects with back-off and a new token after a drop, then reports the reconnect", async () => {
    const { socket, statuses, onReconnect } = makeSocket();
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().open();
    latest().drop();
    expect(statuses.at(-1)).toBe("reconnecting");
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(latest().url.searchParams.get("token")).toBe("token-2");
    latest().open();
    expect(onReconnect).toHaveBeenCalledTimes(1);
    socket.stop();
    expect(statuses.at(-1)).toBe("closed");
  });

  it("passes a slim pushed job on whole: fetched, and fetched again while the read lags the push", async () => {
    const whole = job("finished", { result: { stdout: "x".repeat(300_000) } as Job["result"] });
    const answers = [
      () => Promise.reject(new Error("network")),
      () => Promise.resolve(job("running")),
      () => Promise.resolve(whole),
    ];
    const fetchJob = vi.fn(() => answers.shift()!());
    const { socket, frames } = makeSocket(fetchJob);
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().open();
    latest().receive({ type: "job", job: job("running") });
    latest().receive({ type: "job", job: job("finished", { code: "", partial: true }) });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetchJob).toHaveBeenCalledTimes(3);
    expect(frames).toEqual([
      { type: "job", job: job("running") },
      { type: "job", job: whole },
    ]);
    socket.stop();
  });

  it("passes the slim job on when the whole one cannot be fetched", async () => {
    const fetchJob = vi.fn(() => Promise.reject(new Error("network")));
    const { socket, frames } = makeSocket(fetchJob);
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().open();
    const slim = job("finished", { code: "", partial: true });
    latest().receive({ type: "job", job: slim });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchJob).toHaveBeenCalledTimes(5);
    expect(frames).toEqual([{ type: "job", job: slim }]);
    socket.stop();
  });

  it("gives up on a connection that stops answering pings", async () => {
    const { socket } = makeSocket();
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = latest();
    first.open();
    // No pong for more than two intervals: the socket is presumed dead and replaced.
    await vi.advanceTimersByTimeAsync(90_000 + 15_000);
    expect(first.readyState).toBe(3);
    expect(FakeWebSocket.instances.length).toBeGreaterThan(1);
    socket.stop();
  });
});
