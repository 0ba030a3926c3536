import WebSocket from "ws";
import type { Job } from "@code-remote/core/job";
import type { ServerFrame } from "@code-remote/core/contract";

/** A tiny API client for tests: real HTTP against the running app. */
export function apiClient(baseUrl: string) {
  return async function call(
    path: string,
    options: {
      token?: string;
      method?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method: options.method ?? (body ? "POST" : "GET"),
      headers,
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
}

/** A real WebSocket to the gateway, collecting every server frame. */
export class Socket {
  readonly frames: ServerFrame[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)) as ServerFrame);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static open(wsUrl: string, token: string | undefined): Promise<Socket> {
    const url = token === undefined ? wsUrl : `${wsUrl}?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(url);
    const socket = new Socket(ws);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(socket));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  /** Resolves with the first frame (already received or future) that matches. */
  async waitFor<T extends ServerFrame>(match: (f: ServerFrame) => f is T, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  jobStates(jobId: string): string[] {
    return this.frames.flatMap((f) => (f.type === "job" && f.job.jobId === jobId ? [f.job.state] : []));
  }

  waitForFinal(jobId: string, timeoutMs?: number): Promise<{ type: "job"; job: Job }> {
    return this.waitFor(
      (f): f is { type: "job"; job: Job } =>
        f.type === "job" && f.job.jobId === jobId && ["finished", "cancelled", "failed"].includes(f.job.state),
      timeoutMs,
    );
  }

  close(): void {
    this.ws.close();
  }
}
