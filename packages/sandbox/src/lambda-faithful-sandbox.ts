import type { Sandbox, SandboxRunOptions } from "@code-remote/core/ports";
import { ResultSchema, type Result, type SandboxRequest } from "@code-remote/core/execution";
import { LambdaFunction, type LambdaFunctionOptions } from "./lambda-function";
import { SandboxResponseReader } from "@code-remote/core/execution";
import { cancelled, internalError } from "./results";

/**
 * The Lambda-faithful mode (`--driver lambda`): every job goes through runner/handler.py the way the
 * deployed container-image function runs it (see lambda-function.ts and lambda-environment.ts for
 * what is emulated). A function error, a timeout or a dead runtime is an internal_error, as the
 * cloud's LambdaSandbox adapter reports it. Output streams as the runtime sends it (its response is
 * streamed, as with InvokeWithResponseStream). Like an invocation on AWS, a job cannot be stopped
 * once it runs: an abort only stops waiting for it (and hearing its output).
 */
export class LambdaFaithfulSandbox implements Sandbox {
  readonly lambda: LambdaFunction;
  /** Jobs that run at once: the function's concurrency. */
  readonly size: number;
  readonly layers: readonly string[];

  constructor(options: LambdaFunctionOptions = {}) {
    this.lambda = new LambdaFunction(options);
    this.size = this.lambda.concurrency;
    this.layers = ["Lambda-faithful: handler.py as uid 993, no Landlock, no bubblewrap layer, read-only but /tmp"];
  }

  /** Start every environment ahead (optional: an invocation starts one when none is warm). */
  start(): Promise<void> {
    return this.lambda.start(this.size);
  }

  async run(request: SandboxRequest, options: SandboxRunOptions = {}): Promise<Result> {
    const started = performance.now();
    const { signal } = options;
    let listening = true;
    const reader = new SandboxResponseReader((chunk) => {
      if (listening) options.onOutput?.(chunk);
    });
    if (signal?.aborted) return cancelled();
    let onAbort = () => {};
    const aborted = new Promise<null>((resolve) => {
      onAbort = () => resolve(null);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      const invocation = this.lambda.invoke(JSON.stringify(request), { onChunk: (bytes) => reader.push(bytes) });
      invocation.catch(() => {}); // once aborted, its own rejection is no one's concern
      const outcome = await Promise.race([invocation, aborted]);
      if (outcome === null) return cancelled(Math.round(performance.now() - started));
      if (outcome.functionError)
        return internalError(`sandbox function error: ${outcome.payload}`, Math.round(performance.now() - started));
      const parsed = ResultSchema.safeParse(reader.end());
      if (!parsed.success)
        return internalError(
          `the sandbox function sent an invalid result: ${parsed.error.message}`,
          Math.round(performance.now() - started),
        );
      return parsed.data;
    } catch (error) {
      return internalError(`sandbox fault: ${(error as Error).message}`, Math.round(performance.now() - started));
    } finally {
      listening = false;
      signal?.removeEventListener("abort", onAbort);
    }
  }

  environmentPids(): number[] {
    return this.lambda.environmentPids();
  }

  close(): Promise<void> {
    return this.lambda.close();
  }
}
