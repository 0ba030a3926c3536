import { QUEUE_VISIBILITY_SECONDS } from "../packages/functions/src/worker-settings";

export const deadLetters = new sst.aws.Queue("JobsDlq", { fifo: true });

/** FIFO: message group = user keeps each user's jobs in order; job id deduplicates. */
export const jobsQueue = new sst.aws.Queue("Jobs", {
  fifo: true,
  visibilityTimeout: `${QUEUE_VISIBILITY_SECONDS} seconds`,
  dlq: { queue: deadLetters.arn, retry: 3 },
});
