// A job worker as its own process, configured from CR_* variables exactly like the worker Lambda
// (`stack.env` holds them). The local stack runs its worker in-process; this exists so a worker can
// be started beside it, scaled out, or killed for real (the fault-injection tests SIGKILL it).
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { lambdaConfig } from "@code-remote/functions/config-source";
import { createDeps } from "@code-remote/functions/deps";
import { jsonLogger } from "@code-remote/functions/logger";
import { createWorkerHandler } from "@code-remote/functions/worker";
import { WORKER_TIMEOUT_SECONDS } from "@code-remote/functions/worker-settings";
import { RoutedSandbox } from "@code-remote/sandbox";
import { startWorkerLoop } from "./worker-loop";

process.env.AWS_EC2_METADATA_DISABLED ??= "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// The function's timeout, as infra gives the worker Lambda; a test gives a shorter one with a queue
// whose visibility is shorter than the default (the loop refuses a visibility below it, as Lambda does).
const { values } = parseArgs({ options: { "timeout-seconds": { type: "string" } } });
const timeoutSeconds = Number(values["timeout-seconds"] ?? WORKER_TIMEOUT_SECONDS);
if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)
  throw new Error(`--timeout-seconds must be a whole number of seconds, not ${values["timeout-seconds"]}`);
const config = lambdaConfig();
if (!config.endpoints.sqs) throw new Error("worker-main runs against the local stack: CR_SQS_ENDPOINT is required");
// With CR_SANDBOX_FUNCTION set (the stack's Lambda mode), jobs go to that function through the
// Lambda Invoke endpoint, as the worker Lambda sends them; otherwise to a pool of its own.
const sandbox = config.sandboxFunctionName ? undefined : new RoutedSandbox();
await sandbox?.start();
const deps = createDeps(config, sandbox ? { sandbox } : {});
const concurrency = sandbox?.size ?? availableParallelism();
const [, account, name] = new URL(config.queueUrl).pathname.split("/");
const loop = await startWorkerLoop({
  endpoint: config.endpoints.sqs,
  region: config.region,
  queueUrl: config.queueUrl,
  queueArn: `arn:aws:sqs:${config.region}:${account}:${name}`,
  handler: createWorkerHandler(deps),
  timeoutSeconds,
  concurrency,
  log: (line) => jsonLogger("warn", line),
}).catch(async (error: unknown) => {
  await sandbox?.close(); // no runner outlives a worker that could not subscribe
  throw error;
});
console.log(JSON.stringify({ level: "info", message: "worker ready", pid: process.pid, runners: concurrency }));

const stop = async () => {
  await loop.stop();
  await sandbox?.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
