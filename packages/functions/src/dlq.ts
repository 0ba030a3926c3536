import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { Job } from "@code-remote/core/job";
import { lambdaConfig } from "./config-source";
import { createDeps, type Deps } from "./deps";
import { parseQueueMessage, type WorkerHandler } from "./worker";

/**
 * The dead-letter consumer: a message lands here after the queue's receive limit, i.e. the platform
 * could not run the job. The job ends `failed` with the reason, and its owner is notified.
 */
export function createDeadLetterHandler(deps: Deps): WorkerHandler {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: string[] = [];
    for (const record of event.Records) {
      const parsed = parseQueueMessage(deps, record);
      if (!parsed.success) continue;
      try {
        const receives = record.attributes.ApproximateReceiveCount;
        const failed = await Job.fail(
          deps,
          parsed.data,
          `the platform could not run this job (gave up after ${receives ?? "several"} deliveries)`,
        );
        deps.log(failed ? "warn" : "info", failed ? "job failed after dead-lettering" : "dead letter for a final job", {
          jobId: parsed.data.jobId,
          userId: parsed.data.userId,
        });
      } catch (error) {
        deps.log("error", "dead letter handling failed", { messageId: record.messageId, error });
        failures.push(record.messageId);
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

let lambdaHandler: WorkerHandler | undefined;

/** Lambda entry (SQS event source on the dead-letter queue). */
export const handler: WorkerHandler = (event) => {
  lambdaHandler ??= createDeadLetterHandler(createDeps(lambdaConfig()));
  return lambdaHandler(event);
};
