import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { platformResult, type Result, ResultSchema, type SandboxRequest } from "@code-remote/core/execution";
import type { Sandbox } from "@code-remote/core/ports";

/** Grace on top of the job's wall limit for the container's own work (fork, result JSON). */
const INVOKE_GRACE_MS = 5_000;

/** Runs a job in the container-image sandbox Lambda; any platform fault becomes an internal_error result. */
export class LambdaSandbox implements Sandbox {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async run(request: SandboxRequest, options: { signal?: AbortSignal } = {}): Promise<Result> {
    const started = Date.now();
    const timeout = AbortSignal.timeout(request.limits.wallMs + INVOKE_GRACE_MS);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    try {
      const response = await this.lambda.send(
        new InvokeCommand({ FunctionName: this.functionName, Payload: new TextEncoder().encode(JSON.stringify(request)) }),
        { abortSignal: signal },
      );
      if (response.FunctionError) return internalError(`sandbox function error: ${response.FunctionError}`, started);
      const payload = JSON.parse(new TextDecoder().decode(response.Payload));
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
