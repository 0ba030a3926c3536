import { JOB_WALL_BUDGET_MS } from "@code-remote/core/execution";

/**
 * How the worker consumes the queue, shared by the Lambda subscription (infra/) and the local loop.
 * One message per invocation: a batch runs its jobs one after another, so a batch of several
 * 30-second jobs could outlive the worker's timeout and be delivered again while still running.
 */
export const WORKER_BATCH_SIZE = 1;

/**
 * The sandbox function's timeout: all of a job's runs together (its time budget), plus each run's
 * fork, clean-up and result serialisation.
 */
export const SANDBOX_TIMEOUT_SECONDS = Math.ceil(JOB_WALL_BUDGET_MS / 1000) + 10;

/** A job's whole time budget, plus the sandbox's own grace and the writes and pushes around it. */
export const WORKER_TIMEOUT_SECONDS = Math.ceil(JOB_WALL_BUDGET_MS / 1000) + 30;

/** The dead-letter consumer only marks jobs failed and notifies: seconds, not minutes. */
export const DEAD_LETTER_TIMEOUT_SECONDS = 30;

/** AWS's guidance for SQS-triggered Lambdas: visibility at least 6× the function timeout. */
export const QUEUE_VISIBILITY_SECONDS = WORKER_TIMEOUT_SECONDS * 6;
export const DEAD_LETTER_VISIBILITY_SECONDS = DEAD_LETTER_TIMEOUT_SECONDS * 6;
