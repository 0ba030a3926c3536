import { DEAD_LETTER_VISIBILITY_SECONDS, QUEUE_VISIBILITY_SECONDS } from "../packages/functions/src/worker-settings";

/**
 * Where a job's message goes after its last receive. FIFO because SQS requires a FIFO queue's DLQ
 * to be FIFO. Its visibility follows the same 6× rule as the jobs queue, for its own consumer
 * (Lambda refuses a subscription whose function timeout exceeds the queue's visibility).
 */
export const deadLetters = new sst.aws.Queue("JobsDlq", {
  fifo: true,
  visibilityTimeout: `${DEAD_LETTER_VISIBILITY_SECONDS} seconds`,
});

/** FIFO: message group = user keeps each user's jobs in order; job id deduplicates. */
export const jobsQueue = new sst.aws.Queue("Jobs", {
  fifo: true,
  visibilityTimeout: `${QUEUE_VISIBILITY_SECONDS} seconds`,
  dlq: { queue: deadLetters.arn, retry: 3 },
});
