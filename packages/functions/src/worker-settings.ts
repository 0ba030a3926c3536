import { LIMIT_MAXIMA } from "@code-remote/core/execution";

/**
 * How the worker consumes the queue, shared by the Lambda subscription (infra/) and the local loop.
 * One message per invocation: a batch runs its jobs one after another, so a batch of several
 * 30-second jobs could outlive the worker's timeout and be delivered again while still running.
 */
export const WORKER_BATCH_SIZE = 1;

/** The longest job wall limit, plus the sandbox's own grace and the writes and pushes around it. */
export const WORKER_TIMEOUT_SECONDS = Math.ceil(LIMIT_MAXIMA.wallMs / 1000) + 30;

/** AWS's guidance for SQS-triggered Lambdas: visibility at least 6× the function timeout. */
export const QUEUE_VISIBILITY_SECONDS = WORKER_TIMEOUT_SECONDS * 6;
