import { handlerEnvironment } from "./env";
import { WORKER_BATCH_SIZE, WORKER_TIMEOUT_SECONDS } from "../packages/functions/src/worker-settings";
import { jobsQueue } from "./queue";
import { realtime } from "./realtime";
import { sandbox } from "./sandbox";
import { table } from "./storage";

/** The worker: table, the WebSocket management API and invoke of the sandbox; nothing else. */
jobsQueue.subscribe(
  {
    handler: "packages/functions/src/worker.handler",
    timeout: `${WORKER_TIMEOUT_SECONDS} seconds`,
    link: [table, realtime, sandbox],
    environment: { ...handlerEnvironment, CR_SANDBOX_FUNCTION: sandbox.name },
  },
  { batch: { size: WORKER_BATCH_SIZE, partialResponses: true } },
);
