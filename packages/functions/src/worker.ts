import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { QueueMessageSchema } from "@code-remote/core/contract";
import { Connection } from "@code-remote/core/connection";
import { Job } from "@code-remote/core/job";
import { lambdaConfig } from "./config-source";
import { createDeps, type Deps } from "./deps";

/** What the worker reads of Lambda's context: its remaining time, to plan a retry within it. */
export type WorkerContext = Pick<Context, "getRemainingTimeInMillis">;
export type WorkerHandler = (event: SQSEvent, context?: WorkerContext) => Promise<SQSBatchResponse>;

/** The SQS consumer (one record per event: WORKER_BATCH_SIZE); a failed record comes back later. */
export function createWorkerHandler(deps: Deps): WorkerHandler {
  return async (event, context) => {
    const failures: string[] = [];
    for (const record of event.Records) {
      try {
        await handleRecord(deps, record, context);
      } catch (error) {
        deps.log("error", "job delivery failed; it will be retried", { messageId: record.messageId, error });
        failures.push(record.messageId);
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

async function handleRecord(deps: Deps, record: SQSRecord, context: WorkerContext | undefined): Promise<void> {
  const parsed = parseQueueMessage(deps, record);
  if (!parsed.success) return;
  const { jobId, userId } = parsed.data;
  const started = deps.clock.now();
  const outcome = await Job.run(
    {
      ...deps,
      wallBudgetMs: deps.config.jobWallBudgetMs,
      ...(context ? { timeLeftMs: () => context.getRemainingTimeInMillis() } : {}),
      outputTo: (job) => Connection.outputTo(deps, job.userId),
      warn: (message, fields) => deps.log("warn", message, fields),
    },
    parsed.data,
  );
  deps.log("info", "delivery done", { jobId, userId, outcome, ms: deps.clock.now() - started });
}

/** A message we can never understand is dropped (and logged), not retried into the DLQ forever. */
export function parseQueueMessage(deps: Deps, record: SQSRecord) {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const parsed = QueueMessageSchema.safeParse(body);
  if (!parsed.success) deps.log("warn", "dropping malformed queue message", { messageId: record.messageId });
  return parsed;
}

let lambdaHandler: WorkerHandler | undefined;

/** Lambda entry (SQS event source with ReportBatchItemFailures). */
export const handler: WorkerHandler = (event, context) => {
  lambdaHandler ??= createWorkerHandler(createDeps(lambdaConfig()));
  return lambdaHandler(event, context);
};
