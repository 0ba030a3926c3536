import { InvokeWithResponseStreamCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import {
  jobWallMs,
  platformResult,
  type Result,
  ResultSchema,
  type SandboxRequest,
  SandboxResponseReader,
} from "@code-remote/core/execution";
import type { Sandbox, SandboxRunOptions } from "@code-remote/core/ports";

/**
 * Grace on top of the job's time (jobWallMs) for the container's own work (fork, result JSON); within
 * core's SANDBOX_GRACE_MS, the bound the worker plans its retries with.
 */
const INVOKE_GRACE_MS = 5_000;

/**
 * Runs a job in the container-image sandbox Lambda; any platform fault becomes an internal_error result.
 *
 * The sandbox has no network, so its output cannot be pushed from inside: it travels back through
 * the invocation itself. InvokeWithResponseStream
 * (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html) answers with
 * PayloadChunk events as the image's runtime loop (packages/sandbox/runner/runtime.py) streams its
 * response, and one InvokeComplete. The streamed body is newline-delimited JSON: output chunks
 * (`{"type":"output", jobId, stream, data}`) while the job runs, each passed to onOutput as it
 * arrives (the worker's relay numbers and coalesces them), then `{"type":"result", ...Result}`.
 * An InvokeComplete with an ErrorCode (the function raised, timed out, or its runtime died) is an
 * internal_error naming it, as a FunctionError was.
 */
export class LambdaSandbox implements Sandbox {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async run(request: SandboxRequest, options: SandboxRunOptions = {}): Promise<Result> {
    const started = performance.now();
    // The handler runs the program once per test case, each run up to the wall limit, all within the budget.
    const timeout = AbortSignal.timeout(jobWallMs(request) + INVOKE_GRACE_MS);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    let listening = true;
    const lines = new SandboxResponseReader((chunk) => {
      if (listening) options.onOutput?.(chunk);
    });
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error("aborted"));
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    aborted.catch(() => {});
    try {
      const consume = async (): Promise<Result> => {
        const response = await this.lambda.send(
          new InvokeWithResponseStreamCommand({
            FunctionName: this.functionName,
            Payload: new TextEncoder().encode(JSON.stringify(request)),
          }),
          { abortSignal: signal },
        );
        let complete: { ErrorCode?: string | undefined; ErrorDetails?: string | undefined } | undefined;
        for await (const event of response.EventStream ?? []) {
          if (event.PayloadChunk?.Payload) lines.push(event.PayloadChunk.Payload);
          else if (event.InvokeComplete) complete = event.InvokeComplete;
        }
        if (!complete) return internalError("the sandbox's response stream ended without InvokeComplete", started);
        if (complete.ErrorCode)
          return internalError(
            `sandbox function error (${complete.ErrorCode}): ${String(complete.ErrorDetails)}`,
            started,
          );
        return ResultSchema.parse(lines.end());
      };
      const consuming = consume();
      consuming.catch(() => {}); // once aborted, its own rejection is no one's concern
      return await Promise.race([consuming, aborted]);
    } catch (error) {
      const reason = timeout.aborted ? "the sandbox did not answer in time" : (error as Error).message;
      return internalError(reason, started);
    } finally {
      listening = false;
      signal.removeEventListener("abort", onAbort);
    }
  }
}

function internalError(message: string, started: number): Result {
  return platformResult("internal_error", message, Math.round(performance.now() - started));
}
