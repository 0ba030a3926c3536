/** The worker's timeout; the queue's visibility must be at least 6× it (AWS's guidance for Lambda). */
export const WORKER_TIMEOUT_SECONDS = 60;

export const deadLetters = new sst.aws.Queue("JobsDlq", { fifo: true });

/** FIFO: message group = user keeps each user's jobs in order; job id deduplicates. */
export const jobsQueue = new sst.aws.Queue("Jobs", {
  fifo: true,
  visibilityTimeout: `${WORKER_TIMEOUT_SECONDS * 6} seconds`,
  dlq: { queue: deadLetters.arn, retry: 3 },
});
