import { WORKER_BATCH_SIZE, WORKER_TIMEOUT_SECONDS } from "../packages/functions/src/worker-settings";
import { handlerEnvironment } from "./env";
import { DEAD_LETTER_TIMEOUT_SECONDS, deadLetters, jobsQueue } from "./queue";
import { realtime } from "./realtime";
import { sandbox } from "./sandbox";
import { table } from "./storage";

/**
 * The worker: the table, the WebSocket management API and invoke of the sandbox, through links;
 * receive/delete on the queue comes with the subscription. Nothing else.
 */
export const worker = jobsQueue.subscribe(
  {
    handler: "packages/functions/src/worker.handler",
    timeout: `${WORKER_TIMEOUT_SECONDS} seconds`,
    link: [table, realtime, sandbox],
    environment: handlerEnvironment,
  },
  // Partial batch responses: a failed message is retried alone, not with the whole batch.
  { batch: { size: WORKER_BATCH_SIZE, partialResponses: true } },
);

/** After the last receive: marks the job failed and tells its owner. Same grants minus the sandbox. */
export const deadLetterConsumer = deadLetters.subscribe(
  {
    handler: "packages/functions/src/dlq.handler",
    timeout: `${DEAD_LETTER_TIMEOUT_SECONDS} seconds`,
    link: [table, realtime],
    environment: handlerEnvironment,
  },
  { batch: { size: 10, partialResponses: true } },
);
