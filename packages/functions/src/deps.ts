import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "@code-remote/core/config";
import { ConnectionStore } from "@code-remote/core/connection";
import { JobAdmission, JobStore, OpenJobCounter } from "@code-remote/core/job";
import { RateLimiter } from "@code-remote/core/rate";
import { AnalysisCache, type Analyzers } from "@code-remote/core/analysis";
import { ulidGenerator } from "@code-remote/core/ids";
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

/** Everything a handler needs, built once per process from the config. */
export interface Deps {
  config: Config;
  jobs: JobStore;
  /** Each user's jobs waiting or running, against CR_LIMIT_MAX_QUEUED_PER_USER. */
  openJobs: OpenJobCounter;
  /** Admits a job in one transaction: its rate limit, its owner's open-jobs place, the job itself. */
  admission: JobAdmission;
  connections: ConnectionStore;
  queue: JobQueue;
  notifier: Notifier;
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

export type DepsOverrides = Partial<Pick<Deps, "sandbox" | "log" | "clock" | "verifier" | "queue" | "notifier" | "analyzers" | "objects">>;

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
  const connections = new ConnectionStore(dynamo, config.tableName, nowSeconds);
  return {
    config,
    clock,
    ids: ulidGenerator(),
    log: atLeast(config.logLevel, overrides.log ?? jsonLogger),
    jobs: new JobStore(dynamo, config.tableName, nowSeconds),
    openJobs: new OpenJobCounter(dynamo, config.tableName),
    admission: new JobAdmission(dynamo, config.tableName),
    connections,
    rateLimiter: new RateLimiter(dynamo, config.tableName, clock),
    queue:
      overrides.queue ??
      new SqsJobQueue(new SQSClient(clientOptions(config, config.endpoints.sqs)), config.queueUrl),
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
    analyses: new AnalysisCache(dynamo, config.tableName, nowSeconds),
    analyzers: overrides.analyzers ?? {
      ...(config.gemini.apiKey ? { primary: new GeminiAnalyzer({ apiKey: config.gemini.apiKey, model: config.gemini.model }) } : {}),
      fallback: new SandboxStaticAnalyzer(sandbox),
    },
  };
}

function lambdaSandbox(config: Config): Sandbox {
  if (!config.sandboxFunctionName) {
    return {
      run: async () => {
        throw new Error("no sandbox is configured: set CR_SANDBOX_FUNCTION or pass a sandbox");
      },
    };
  }
  return new LambdaSandbox(new LambdaClient(clientOptions(config, config.endpoints.lambda)), config.sandboxFunctionName);
}
