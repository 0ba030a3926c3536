import { progress } from "./cache";
import type { Job, ServerFrame } from "./types";

export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface JobSocketOptions {
  url: string;
  /** Called before every (re)connect: tokens expire, Amplify refreshes them. */
  token: () => Promise<string>;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** Called when a connection opens after an earlier one was lost: frames may have been missed. */
  onReconnect: () => void;
  /** GET /jobs/:id, for a pushed job that arrived slim (too large for one WebSocket message). */
  fetchJob: (jobId: string) => Promise<Job>;
}

// API Gateway drops idle sockets after 10 minutes; a ping every 30 s keeps ours alive and
// tells us early when the network silently died (no pong within two intervals).
const PING_MS = 30_000;
const PONG_TIMEOUT_MS = 2 * PING_MS;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15_000;
// Fetching the whole of a slim job: tries, and the pause before the second (doubling after).
const COMPLETE_TRIES = 5;
const COMPLETE_RETRY_MS = 250;

/** One WebSocket per tab to the realtime gateway, reconnecting with jittered exponential back-off. */
export class JobSocket {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private everOpened = false;
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastPong = 0;

  constructor(private readonly options: JobSocketOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener("online", this.reconnectNow);
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.reconnectNow);
    clearTimeout(this.retryTimer);
    this.teardown();
    this.options.onStatus("closed");
  }

  private async connect(): Promise<void> {
    this.options.onStatus(this.everOpened ? "reconnecting" : "connecting");
    let token: string;
    try {
      token = await this.options.token();
    } catch {
      this.scheduleRetry();
      return;
    }
    if (this.stopped || this.socket) return; // Stopped, or another connect won the race.
    const url = new URL(this.options.url);
    url.searchParams.set("token", token);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => this.handleOpen();
    socket.onmessage = (event) => this.handleMessage(event);
    // onerror is always followed by onclose; handling close alone avoids double retries.
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.teardown();
      this.scheduleRetry();
    };
  }

  private handleOpen(): void {
    const isReconnect = this.everOpened;
    this.everOpened = true;
    this.attempts = 0;
    this.lastPong = performance.now();
    this.pingTimer = setInterval(() => this.ping(), PING_MS);
    this.options.onStatus("open");
    if (isReconnect) this.options.onReconnect();
  }

  private handleMessage(event: MessageEvent): void {
    if (typeof event.data !== "string") return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(event.data) as ServerFrame;
    } catch {
      return; // Not ours to interpret; the server only sends JSON.
    }
    if (frame.type === "pong") this.lastPong = performance.now();
    if (frame.type === "job" && frame.job.partial) {
      void this.complete(frame.job);
      return;
    }
    this.options.onFrame(frame);
  }

  /**
   * A pushed job too large for one API Gateway message arrives slim (`partial`: no code, outputs or
   * figures), so it is passed on whole: fetched with GET /jobs/:id. That read can lag the push
   * (DynamoDB reads are eventually consistent), so an answer behind the push is asked for again.
   * If no whole job comes, the slim one is passed on, so at least the state and verdict are right
   * (the cache refetches partial jobs after a reconnect).
   */
  private async complete(slim: Job): Promise<void> {
    for (let attempt = 0; attempt < COMPLETE_TRIES; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, COMPLETE_RETRY_MS * 2 ** (attempt - 1)));
      if (this.stopped) return;
      try {
        const job = await this.options.fetchJob(slim.jobId);
        if (progress(job) >= progress(slim)) {
          if (!this.stopped) this.options.onFrame({ type: "job", job });
          return;
        }
      } catch {
        // No answer or an error answer: try again.
      }
    }
    if (!this.stopped) this.options.onFrame({ type: "job", job: slim });
  }

  private ping(): void {
    if (performance.now() - this.lastPong > PONG_TIMEOUT_MS) {
      // Half-open connection: the browser may take minutes to report the close, so drop it now.
      this.teardown();
      this.scheduleRetry();
      return;
    }
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ action: "ping" }));
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.options.onStatus("reconnecting");
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempts);
    this.attempts += 1;
    // Full jitter, so tabs that lost the same server do not come back in lock-step.
    this.retryTimer = setTimeout(() => void this.connect(), ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private readonly reconnectNow = (): void => {
    if (this.stopped || this.socket) return; // Already open or opening.
    clearTimeout(this.retryTimer);
    this.attempts = 0;
    void this.connect();
  };

  private teardown(): void {
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close();
    }
  }
}
