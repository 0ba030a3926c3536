import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ensureQueues, startSqs, type JobQueues, type SqsEmulator } from "../src/emulators/sqs";
import { LOCAL_CREDENTIALS } from "../src/net";
import { startWorkerLoop, type WorkerLoop } from "../src/worker-loop";

// The loop against real fauxqs with a 1 s visibility timeout, checking Lambda's event-source semantics.
let sqs: SqsEmulator;
let queues: JobQueues;
let client: SQSClient;
let loop: WorkerLoop | undefined;

beforeEach(async () => {
  sqs = await startSqs({ port: 0, host: "127.0.0.1" });
  queues = await ensureQueues(sqs.endpoint, "us-east-1", {
    jobsName: "jobs.fifo",
    dlqName: "jobs-dlq.fifo",
    visibilityTimeoutSeconds: 1,
  });
  client = new SQSClient({ endpoint: sqs.endpoint, region: "us-east-1", credentials: LOCAL_CREDENTIALS });
});

afterEach(async () => {
  await loop?.stop();
  loop = undefined;
  client.destroy();
  await sqs.stop();
});

const send = (body: string, group = "user-1") =>
  client.send(
    new SendMessageCommand({
      QueueUrl: queues.jobs,
      MessageBody: body,
      MessageGroupId: group,
      MessageDeduplicationId: body,
    }),
  );

const until = async (cond: () => boolean, ms = 8000) => {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(cond()).toBe(true);
};

it("queue URLs are fauxqs's own (AWS-shaped); clients reach them through the endpoint, as on AWS", () => {
  // The host does not resolve on this machine; the tests below send and receive through it anyway,
  // because an SDK client with an explicit endpoint sends there and takes the queue from the path.
  expect(queues.jobs).toMatch(/^http:\/\/sqs\.us-east-1\.localhost:\d+\/000000000000\/jobs\.fifo$/);
});

it("delivers Lambda-shaped records with the function's remaining time, and deletes what succeeded", async () => {
  const seen: SQSRecord[] = [];
  const remaining: number[] = [];
  loop = await startWorkerLoop({
    endpoint: sqs.endpoint,
    region: "us-east-1",
    queueUrl: queues.jobs,
    queueArn: queues.jobsArn,
    timeoutSeconds: 1,
    concurrency: 2,
    handler: async (event: SQSEvent, context) => {
      seen.push(...event.Records);
      remaining.push(context.getRemainingTimeInMillis());
      await new Promise((r) => setTimeout(r, 100));
      remaining.push(context.getRemainingTimeInMillis());
      return { batchItemFailures: [] };
    },
  });
  await send("a");
  await until(() => seen.length === 1);
  expect(seen[0]).toMatchObject({
    body: "a",
    eventSource: "aws:sqs",
    eventSourceARN: queues.jobsArn,
    awsRegion: "us-east-1",
    attributes: { ApproximateReceiveCount: "1", MessageGroupId: "user-1", MessageDeduplicationId: "a" },
  });
  expect(seen[0]!.attributes.SentTimestamp).toMatch(/^\d+$/);
  // Lambda's context counts down from the function's timeout, as the worker plans its retries by it.
  await until(() => remaining.length === 2);
  expect(remaining[0]).toBeLessThanOrEqual(1000);
  expect(remaining[0]).toBeGreaterThan(0);
  expect(remaining[1]).toBeLessThanOrEqual(remaining[0]! - 90);
  // Deleted: nothing comes back after the visibility timeout.
  await new Promise((r) => setTimeout(r, 1500));
  expect(seen).toHaveLength(1);
});

it("leaves batchItemFailures to the visibility timeout, then redrives to the DLQ after 3 receives", async () => {
  const counts: string[] = [];
  loop = await startWorkerLoop({
    endpoint: sqs.endpoint,
    region: "us-east-1",
    queueUrl: queues.jobs,
    queueArn: queues.jobsArn,
    timeoutSeconds: 1,
    concurrency: 1,
    handler: async (event) => {
      counts.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      // Fail by report on the first delivery, by throwing afterwards: both mean "redeliver".
      if (counts.length === 1)
        return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
      throw new Error("worker crashed");
    },
  });
  await send("poison");
  await until(() => counts.length === 3);
  expect(counts).toEqual(["1", "2", "3"]);
  await new Promise((r) => setTimeout(r, 1500));
  const dlq = await client.send(new ReceiveMessageCommand({ QueueUrl: queues.dlq, WaitTimeSeconds: 2 }));
  expect(dlq.Messages?.map((m) => m.Body)).toEqual(["poison"]);
});

it("refuses a queue whose visibility timeout is shorter than the function's timeout, in Lambda's words", async () => {
  const subscribe = (timeoutSeconds: number) =>
    startWorkerLoop({
      endpoint: sqs.endpoint,
      region: "us-east-1",
      queueUrl: queues.jobs,
      queueArn: queues.jobsArn,
      timeoutSeconds,
      concurrency: 1,
      handler: async () => ({ batchItemFailures: [] }),
    });
  await expect(subscribe(2)).rejects.toMatchObject({
    name: "InvalidParameterValueException",
    message: "Queue visibility timeout: 1 seconds is less than Function timeout: 2 seconds",
  });
  // Equal is allowed, as on AWS (which recommends six times the function's timeout).
  loop = await subscribe(1);
});

it("stops promptly while long-polling", async () => {
  loop = await startWorkerLoop({
    endpoint: sqs.endpoint,
    region: "us-east-1",
    queueUrl: queues.jobs,
    queueArn: queues.jobsArn,
    timeoutSeconds: 1,
    concurrency: 4,
    handler: async () => ({ batchItemFailures: [] }),
  });
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  await loop.stop();
  loop = undefined;
  expect(performance.now() - t0).toBeLessThan(500);
});
