import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "@code-remote/core/config";
import { ConnectionStore } from "@code-remote/core/connection";
import { JobAdmission, type JobListener, JobStore, OpenJobCounter, ShareStore } from "@code-remote/core/job";
import { RateLimiter } from "@code-remote/core/rate";
import { createTable } from "@code-remote/core/store";
import { AnalysisCache, type Analyzers } from "@code-remote/core/analysis";
import { randomToken, ulidGenerator } from "@code-remote/core/ids";
import {
  type Clock,
  type IdGenerator,
  type JobQueue,
  type Notifier,
  type ObjectStore,
  type Sandbox,
  systemClock,
} from "@code-remote/core/ports";
import { ApiGatewayNotifier } from "./adapters/api-gateway-notifier";
import { GeminiAnalyzer } from "./adapters/gemini-analyzer";
import { SandboxStaticAnalyzer } from "./adapters/sandbox-static-analyzer";
import { LambdaSandbox } from "./adapters/lambda-sandbox";
import { S3ObjectStore } from "./adapters/s3-object-store";
import { SqsJobQueue } from "./adapters/sqs-job-queue";
import { cognitoTokenVerifier, type TokenVerifier } from "./adapters/token-verifier";
import { atLeast, jsonLogger, type Logger } from "./logger";
import { jobListener } from "./notify";

/** Everything a handler needs, built once per process from the config. */
export interface Deps {
  config: Config;
  jobs: JobStore;
  /** Each user's jobs waiting or running, against CR_LIMIT_MAX_QUEUED_PER_USER. */
  openJobs: OpenJobCounter;
  /** Admits a job in one transaction: its owner's open-jobs count and the job itself. */
  admission: JobAdmission;
  connections: ConnectionStore;
  /** Runs shared by link: one item per token (POST /jobs/:id/share, GET /shared/:token). */
  shares: ShareStore;
  /** A new share link token: 256 bits from Web Crypto's random source, base64url. */
  newToken: () => string;
  queue: JobQueue;
  notifier: Notifier;
  /** Told of every change of a job's state (logs it, pushes it to its owner): see notify.ts. */
  onChange: JobListener;
  sandbox: Sandbox;
  /** The bucket of traces and results too large for a table item: the worker writes them, the API reads them for their owner. */
  objects: ObjectStore;
  verifier: TokenVerifier;
  rateLimiter: RateLimiter;
  /** Complexity analysis: cache by sha256 of the code, Gemini when a key is set, the static analyzer in the sandbox. */
  analyses: AnalysisCache;
  analyzers: Analyzers;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
}

export type DepsOverrides = Partial<
  Pick<Deps, "sandbox" | "log" | "clock" | "verifier" | "queue" | "notifier" | "analyzers" | "objects">
>;

/** Local endpoints get static dummy credentials so the SDK never probes for real ones. */
function clientOptions(config: Config, endpoint: string | undefined) {
  return {
    region: config.region,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  };
}

export function createDeps(config: Config, overrides: DepsOverrides = {}): Deps {
  const clock = overrides.clock ?? systemClock;
  const nowSeconds = () => Math.floor(clock.now() / 1000);
  const dynamo = new DynamoDBClient(clientOptions(config, config.endpoints.dynamodb));
  const local = config.endpoints.dynamodb !== undefined;
  const sandbox = overrides.sandbox ?? lambdaSandbox(config);
  const table = createTable(dynamo, config.tableName);
  const connections = new ConnectionStore(table, nowSeconds);
  const deps: Deps = {
    config,
    clock,
    ids: ulidGenerator(),
    log: atLeast(config.logLevel, overrides.log ?? jsonLogger),
    jobs: new JobStore(table, nowSeconds),
    openJobs: new OpenJobCounter(table),
    admission: new JobAdmission(table),
    connections,
    shares: new ShareStore(table, nowSeconds),
    newToken: () => randomToken(),
    rateLimiter: new RateLimiter(table, clock),
    queue:
      overrides.queue ?? new SqsJobQueue(new SQSClient(clientOptions(config, config.endpoints.sqs)), config.queueUrl),
    notifier:
      overrides.notifier ??
      new ApiGatewayNotifier(
        new ApiGatewayManagementApiClient({
          ...clientOptions(config, local ? config.wsManagementUrl : undefined),
          endpoint: config.wsManagementUrl,
        }),
      ),
    sandbox,
    objects:
      overrides.objects ??
      new S3ObjectStore(
        new S3Client({
          ...clientOptions(config, config.endpoints.s3),
          // The local twin answers on 127.0.0.1 (no <bucket>.host names to resolve): path-style URLs.
          forcePathStyle: config.endpoints.s3 !== undefined,
        }),
        config.bucketName,
      ),
    verifier: overrides.verifier ?? cognitoTokenVerifier(config.auth),
    analyses: new AnalysisCache(table, nowSeconds),
    analyzers: overrides.analyzers ?? {
      ...(config.gemini.apiKey
        ? { primary: new GeminiAnalyzer({ apiKey: config.gemini.apiKey, model: config.gemini.model }) }
        : {}),
      fallback: new SandboxStaticAnalyzer(sandbox),
    },
    onChange: (job) => listener(job),
  };
  const listener = jobListener(deps);
  return deps;
}

function lambdaSandbox(config: Config): Sandbox {
  if (!config.sandboxFunctionName) {
    return {
      run: async () => {
        throw new Error("no sandbox is configured: set CR_SANDBOX_FUNCTION or pass a sandbox");
      },
    };
  }
  return new LambdaSandbox(
    new LambdaClient(clientOptions(config, config.endpoints.lambda)),
    config.sandboxFunctionName,
  );
}
