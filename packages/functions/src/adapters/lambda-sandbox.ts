import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { platformResult, type Result, ResultSchema, type SandboxRequest } from "@code-remote/core/execution";
import type { Sandbox } from "@code-remote/core/ports";

/** Grace on top of the job's wall limits for the container's own work (fork, result JSON). */
const INVOKE_GRACE_MS = 5_000;

/** Runs a job in the container-image sandbox Lambda; any platform fault becomes an internal_error result. */
export class LambdaSandbox implements Sandbox {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async run(request: SandboxRequest, options: { signal?: AbortSignal } = {}): Promise<Result> {
    const started = Date.now();
    // The handler runs the program once per test case, each run up to the wall limit.
    const runs = Math.max(1, request.tests?.length ?? 0);
    const timeout = AbortSignal.timeout(runs * request.limits.wallMs + INVOKE_GRACE_MS);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    try {
      const response = await this.lambda.send(
        new InvokeCommand({ FunctionName: this.functionName, Payload: new TextEncoder().encode(JSON.stringify(request)) }),
        { abortSignal: signal },
      );
      const payload = JSON.parse(new TextDecoder().decode(response.Payload));
      if (response.FunctionError) {
        const { errorType, errorMessage } = (payload ?? {}) as { errorType?: unknown; errorMessage?: unknown };
        return internalError(`sandbox function error (${response.FunctionError}): ${String(errorType)}: ${String(errorMessage)}`, started);
      }
      return ResultSchema.parse(payload);
    } catch (error) {
      const reason = timeout.aborted ? "the sandbox did not answer in time" : (error as Error).message;
      return internalError(reason, started);
    }
  }
}

function internalError(message: string, started: number): Result {
  return platformResult("internal_error", message, Date.now() - started);
}
