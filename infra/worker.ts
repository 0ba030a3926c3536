import {
  DEAD_LETTER_TIMEOUT_SECONDS,
  WORKER_BATCH_SIZE,
  WORKER_TIMEOUT_SECONDS,
} from "../packages/functions/src/worker-settings";
import { CAPACITY } from "./capacity";
import { handlerEnvironment } from "./env";
import { objectAccess } from "./objects";
import { deadLetters, jobsQueue } from "./queue";
import { realtime } from "./realtime";
import { sandbox } from "./sandbox";
import { tableAccess } from "./table-grants";

/**
 * The worker: its table actions, put and delete of trace objects, the WebSocket management API and
 * invoke of the sandbox (links);
 * receive/delete on the queue comes with the subscription. Nothing else. At most CAPACITY.workers
 * run at once, whatever the number of users (FIFO scales with message groups).
 */
export const worker = jobsQueue.subscribe(
  {
    handler: "packages/functions/src/worker.handler",
    timeout: `${WORKER_TIMEOUT_SECONDS} seconds`,
    link: [realtime, sandbox],
    permissions: [...tableAccess("worker"), ...objectAccess("worker")],
    environment: handlerEnvironment,
  },
  {
    // Partial batch responses: a failed message is retried alone, not with the whole batch.
    batch: { size: WORKER_BATCH_SIZE, partialResponses: true },
    transform: {
      eventSourceMapping: (args) => {
        args.scalingConfig = { maximumConcurrency: CAPACITY.workers };
      },
    },
  },
);

/** After the last receive: marks the job failed and tells its owner. Same grants minus the sandbox. */
export const deadLetterConsumer = deadLetters.subscribe(
  {
    handler: "packages/functions/src/dlq.handler",
    timeout: `${DEAD_LETTER_TIMEOUT_SECONDS} seconds`,
    link: [realtime],
    permissions: tableAccess("deadLetters"),
    environment: handlerEnvironment,
  },
  { batch: { size: 10, partialResponses: true } },
);
