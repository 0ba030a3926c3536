import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import { LOCAL_CREDENTIALS, PortInUseError } from "../net";

export interface SqsEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

export interface JobQueues {
  jobs: string;
  jobsArn: string;
  dlq: string;
  dlqArn: string;
}

/**
 * SQS twin: fauxqs in-process through its public API, bound to loopback only (its startFauxqs listens
 * on 0.0.0.0). In memory. Its queue URLs name a host that does not resolve here
 * (`sqs.<region>.localhost`); that is harmless, because an SDK client with an explicit endpoint sends
 * every request to the endpoint and reads the queue from the URL's path, as it does against AWS.
 */
export async function startSqs(opts: { port: number; host: string }): Promise<SqsEmulator> {
  const app = buildApp({ logger: false });
  try {
    await app.listen({ port: opts.port, host: opts.host });
  } catch (err) {
    await app.close();
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new PortInUseError("sqs", opts.port, opts.host);
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return { endpoint: `http://${opts.host}:${port}`, stop: () => app.close() };
}

/**
 * The jobs FIFO queue and its DLQ (after 3 receives), through the SQS API itself so the attributes are
 * validated the way the real service would. CreateQueue is idempotent for identical attributes.
 */
export async function ensureQueues(
  endpoint: string,
  region: string,
  opts: { jobsName: string; dlqName: string; visibilityTimeoutSeconds: number; dlqVisibilityTimeoutSeconds?: number },
): Promise<JobQueues> {
  const client = new SQSClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    const arnOf = async (url: string) => {
      const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
      const arn = out.Attributes?.QueueArn;
      if (!arn) throw new Error(`no ARN for ${url}`);
      return arn;
    };
    const fifo = { FifoQueue: "true", ContentBasedDeduplication: "false" };
    const dlq = await client.send(
      new CreateQueueCommand({
        QueueName: opts.dlqName,
        Attributes: {
          ...fifo,
          ...(opts.dlqVisibilityTimeoutSeconds !== undefined
            ? { VisibilityTimeout: String(opts.dlqVisibilityTimeoutSeconds) }
            : {}),
        },
      }),
    );
    const dlqArn = await arnOf(dlq.QueueUrl!);
    const jobs = await client.send(
      new CreateQueueCommand({
        QueueName: opts.jobsName,
        Attributes: {
          ...fifo,
          VisibilityTimeout: String(opts.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
        },
      }),
    );
    return { jobs: jobs.QueueUrl!, jobsArn: await arnOf(jobs.QueueUrl!), dlq: dlq.QueueUrl!, dlqArn };
  } finally {
    client.destroy();
  }
}
