import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import { LOCAL_CREDENTIALS, PortInUseError } from "../net";

const require = createRequire(import.meta.url);

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
 * fauxqs names queues `http://sqs.<region>.localhost:<port>/…`, a host that does not resolve on this
 * machine (glibc has no *.localhost rule). Its store falls back to the request's Host header when its
 * `host` is blank, but the public API can only set a non-blank host, so we build the stores ourselves
 * from fauxqs' own files (pinned 1.9.2). Then queue URLs are `http://127.0.0.1:<port>/000000000000/<name>`:
 * any SQS client resolves them, with no global DNS interception (fauxqs' interceptLocalhostDns patches
 * dns.lookup for the whole process, which would leak into every test that shares it).
 */
async function loadStores() {
  const dist = (require.resolve.paths("fauxqs") ?? [])
    .map((dir) => join(dir, "fauxqs", "dist"))
    .find((dir) => existsSync(join(dir, "app.js")));
  if (!dist) throw new Error("fauxqs is not installed");
  const load = (file: string) => import(pathToFileURL(join(dist, file)).href);
  const [{ SqsStore }, { SnsStore }, { S3Store }] = await Promise.all([
    load("sqs/sqsStore.js"),
    load("sns/snsStore.js"),
    load("s3/s3Store.js"),
  ]);
  const sqsStore = new SqsStore();
  sqsStore.host = ""; // blank = name queues after the Host header the client used (127.0.0.1:<port>)
  return { sqsStore, snsStore: new SnsStore(), s3Store: new S3Store() };
}
/** SQS twin: fauxqs in-process, bound to loopback only (its startFauxqs listens on 0.0.0.0). In memory. */
export async function startSqs(opts: { port: number; host: string }): Promise<SqsEmulator> {
  const app = buildApp({ logger: false, stores: await loadStores() });
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
  opts: { jobsName: string; dlqName: string; visibilityTimeoutSeconds: number },
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
    const dlq = await client.send(new CreateQueueCommand({ QueueName: opts.dlqName, Attributes: fifo }));
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
