import type { OutputChunk, Result, SandboxRequest } from "../execution";
import type { QueueMessage, ServerFrame } from "../contract";
import type { Analysis } from "../analysis/model";
import type { MeasureRequest, RawMeasurement } from "../analysis/measure";

/** Ports: what the domain needs from the outside world. Adapters live in packages/functions and packages/sandbox. */

export interface JobQueue {
  /** FIFO per user: message group = userId, deduplication id = jobId. */
  enqueue(message: QueueMessage): Promise<void>;
}

export type SendOutcome = "sent" | "gone";

export interface Notifier {
  /** Push one frame to one connection; "gone" means the connection no longer exists. */
  send(connectionId: string, frame: ServerFrame): Promise<SendOutcome>;
}

export interface SandboxRunOptions {
  signal?: AbortSignal;
  /** Called with output while the job runs, in order (a sandbox that cannot stream never calls it). */
  onOutput?: (chunk: OutputChunk) => void;
}

export interface Sandbox {
  /** Run one job to completion; never throws for user-code failures, only for platform faults. */
  run(request: SandboxRequest, options?: SandboxRunOptions): Promise<Result>;
}

/** Estimates the time and space complexity of Python code (Gemini, or the static analyzer in the sandbox). */
export interface ComplexityAnalyzer {
  /**
   * Throws AnalyzerUnavailable (with a reason safe to show) when it cannot answer. `findings` is the
   * static analyzer's answer, context for a model (which must still answer in the same schema).
   */
  analyze(code: string, options?: { signal?: AbortSignal; findings?: Analysis }): Promise<Analysis>;
}

/** Times one function of a program on inputs of growing size, in the sandbox. */
export interface ComplexityMeasurer {
  /** Throws AnalyzerUnavailable when the sandbox run itself fails; a program that cannot be timed is `{error}`. */
  measure(request: MeasureRequest, options?: { signal?: AbortSignal }): Promise<RawMeasurement>;
}

/** An object's bytes as a web stream, with its size when the store says it. */
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  bytes?: number;
}

/**
 * Objects too large for a table item (traces, whole results), keyed by job, in one private bucket (S3 in the cloud,
 * fauxqs's S3 locally). Keys are the domain's (traceKeyOf, resultKeyOf); the adapter knows the bucket.
 */
export interface ObjectStore {
  put(key: string, body: string, options: { contentType: string }): Promise<void>;
  /** undefined when there is no such object (never stored, or removed with its job). */
  get(key: string): Promise<StoredObject | undefined>;
  /** Removing a missing object is not an error (as S3's DeleteObject). */
  delete(key: string): Promise<void>;
  /** Keys under a prefix, in pages: only the local sweeper lists (no cloud function may). */
  list?(prefix: string): AsyncIterable<string>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface IdGenerator {
  /** A new ULID (sortable by creation time). */
  next(): string;
}

export const systemClock: Clock = { now: () => Date.now() };
