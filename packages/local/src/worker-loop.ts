import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { WORKER_BATCH_SIZE } from "@code-remote/functions/worker-settings";
import { LOCAL_CREDENTIALS } from "./net";

export type WorkerHandler = (
  event: SQSEvent,
  context: { getRemainingTimeInMillis(): number },
) => Promise<SQSBatchResponse>;

export interface WorkerLoop {
  /** Stop polling, then wait (up to graceMs) for batches already handed to the handler. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * What Lambda's SQS event source mapping does, in-process: long-poll the queue, hand batches of WORKER_BATCH_SIZE
 * records to the worker handler, delete what succeeded (ReportBatchItemFailures semantics) and leave the
 * rest to the visibility timeout, so retries and the DLQ redrive behave as in the cloud. The handler
 * gets Lambda's context for its remaining time; unlike Lambda, the loop does not stop a handler that
 * runs past its timeout (it is a function call here, not a process to freeze). Like Lambda's
 * CreateEventSourceMapping, it refuses a queue whose visibility timeout is shorter than the function's.
 */
export async function startWorkerLoop(opts: {
  endpoint: string;
  region: string;
  queueUrl: string;
  queueArn: string;
  handler: WorkerHandler;
  /** The function's timeout, as infra gives the subscribed Lambda: what the handler's context counts down from. */
  timeoutSeconds: number;
  /** Concurrent pollers; each runs one batch at a time (like Lambda's concurrency for the mapping). */
  concurrency: number;
  log?: (line: string) => void;
}): Promise<WorkerLoop> {
  const log = opts.log ?? (() => {});
  const sqs = new SQSClient({ endpoint: opts.endpoint, region: opts.region, credentials: LOCAL_CREDENTIALS });
  try {
    await refuseShortVisibility(sqs, opts.queueUrl, opts.timeoutSeconds);
  } catch (error) {
    sqs.destroy();
    throw error;
  }
  // Aborting the long polls makes stop() immediate. A poll cut short may leave a message invisible until
  // its visibility timeout, which is what a crashed poller does on AWS too: nothing is lost.
  const abort = new AbortController();

  const toRecord = (m: Message): SQSRecord => {
    const a = m.Attributes ?? {};
    return {
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? "",
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? "1",
        SentTimestamp: a.SentTimestamp ?? String(Date.now()),
        SenderId: a.SenderId ?? "000000000000",
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        ...(a.SequenceNumber ? { SequenceNumber: a.SequenceNumber } : {}),
        ...(a.MessageGroupId ? { MessageGroupId: a.MessageGroupId } : {}),
        ...(a.MessageDeduplicationId ? { MessageDeduplicationId: a.MessageDeduplicationId } : {}),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [
          name,
          {
            dataType: v.DataType ?? "String",
            ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
            ...(v.BinaryValue !== undefined ? { binaryValue: Buffer.from(v.BinaryValue).toString("base64") } : {}),
            stringListValues: v.StringListValues ?? [],
            binaryListValues: (v.BinaryListValues ?? []).map((b) => Buffer.from(b).toString("base64")),
          },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? "",
      ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
      eventSource: "aws:sqs",
      eventSourceARN: opts.queueArn,
      awsRegion: opts.region,
    };
  };

  async function handleBatch(messages: Message[]) {
    const records = messages.map(toRecord);
    let failed: Set<string>;
    try {
      const deadline = performance.now() + opts.timeoutSeconds * 1000;
      const context = { getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())) };
      const response = await opts.handler({ Records: records }, context);
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (err) {
      // A throwing handler fails the whole batch, as on Lambda.
      log(`worker handler threw; ${records.length} message(s) will be redelivered: ${describe(err)}`);
      return;
    }
    await Promise.all(
      records
        .filter((r) => !failed.has(r.messageId))
        .map((r) =>
          sqs
            .send(new DeleteMessageCommand({ QueueUrl: opts.queueUrl, ReceiptHandle: r.receiptHandle }))
            .catch((err: unknown) => log(`could not delete message ${r.messageId}: ${describe(err)}`)),
        ),
    );
  }

  async function poll() {
    while (!abort.signal.aborted) {
      let messages: Message[];
      try {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: opts.queueUrl,
            MaxNumberOfMessages: WORKER_BATCH_SIZE,
            WaitTimeSeconds: 20,
            MessageSystemAttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
          { abortSignal: abort.signal },
        );
        messages = out.Messages ?? [];
      } catch (err) {
        if (abort.signal.aborted) return;
        log(`receive failed, retrying in 1 s: ${describe(err)}`);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (messages.length > 0) await handleBatch(messages);
    }
  }

  const pollers = Array.from({ length: Math.max(1, opts.concurrency) }, () => poll());

  return {
    async stop(graceMs = 5000) {
      abort.abort();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), graceMs)));
      const outcome = await Promise.race([Promise.allSettled(pollers), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout")
        log(`worker: batches still running after ${graceMs} ms; their messages will be redelivered`);
      sqs.destroy();
    },
  };
}

/**
 * Lambda refuses to subscribe a function to a queue whose messages would come back while a delivery may
 * still run (a message seen again is taken as a dead worker's): the same check, in AWS's words.
 */
async function refuseShortVisibility(sqs: SQSClient, queueUrl: string, timeoutSeconds: number): Promise<void> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["VisibilityTimeout"] }),
  );
  const visibility = Number(out.Attributes?.VisibilityTimeout);
  if (visibility < timeoutSeconds) {
    const error = new Error(
      `Queue visibility timeout: ${visibility} seconds is less than Function timeout: ${timeoutSeconds} seconds`,
    );
    error.name = "InvalidParameterValueException";
    throw error;
  }
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
