import { type OutputChunk, OutputChunkSchema } from "./output";

/**
 * The sandbox function's streamed response (packages/sandbox/runner/runtime.py + handler.py), read
 * as it arrives: newline-delimited JSON, `{"type":"output", jobId, stream, data}` lines while the job
 * runs, then one `{"type":"result", ...Result}`. Bytes are split into lines across chunk boundaries
 * (a line, or a character, may span two chunks); `result` is the last line's Result fields,
 * unvalidated. One reader for both sides of the protocol: the cloud adapter (LambdaSandbox, from
 * InvokeWithResponseStream's PayloadChunks) and the Lambda-faithful twin (the runtime loop's body).
 */
export class SandboxResponseReader {
  private buffer = "";
  private readonly decoder = new TextDecoder();
  result: unknown = undefined;

  constructor(private readonly onOutput?: (chunk: OutputChunk) => void) {}

  push(bytes: Uint8Array): void {
    this.buffer += this.decoder.decode(bytes, { stream: true });
    for (let newline = this.buffer.indexOf("\n"); newline >= 0; newline = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line.trim()) this.onLine(line);
    }
  }

  /** After the last chunk: the Result, or undefined if the stream never carried one. */
  end(): unknown {
    this.buffer += this.decoder.decode();
    if (this.buffer.trim()) this.onLine(this.buffer);
    this.buffer = "";
    return this.result;
  }

  private onLine(line: string): void {
    let message: { type?: unknown };
    try {
      message = JSON.parse(line) as { type?: unknown };
    } catch {
      this.result = undefined; // a torn or foreign line: no result can be trusted after it
      return;
    }
    if (message?.type === "output") {
      const chunk = OutputChunkSchema.safeParse(message);
      if (chunk.success) this.onOutput?.(chunk.data);
    } else if (message?.type === "result") {
      const { type: _type, ...result } = message;
      this.result = result;
    }
  }
}

/** The Result a whole (buffered) response carries: its last line. */
export function resultOfResponse(payload: string): unknown {
  const reader = new SandboxResponseReader();
  reader.push(new TextEncoder().encode(payload));
  return reader.end();
}
