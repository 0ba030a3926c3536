import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createAdaptorServer } from "@hono/node-server";
import { type Config, loadConfig } from "@code-remote/core/config";
import type { Clock, Sandbox } from "@code-remote/core/ports";
import { createApi } from "@code-remote/functions/api";
import { withJwtAuthorizer } from "./jwt-authorizer";
import { createDeps } from "@code-remote/functions/deps";
import type { Logger } from "@code-remote/functions/logger";
import { Job } from "@code-remote/core/job";
import { createDeadLetterHandler } from "@code-remote/functions/dlq";
import { createWorkerHandler } from "@code-remote/functions/worker";
import { createWsHandlers } from "@code-remote/functions/ws";
import {
  DEAD_LETTER_TIMEOUT_SECONDS,
  DEAD_LETTER_VISIBILITY_SECONDS,
  SANDBOX_TIMEOUT_SECONDS,
  WORKER_TIMEOUT_SECONDS,
} from "@code-remote/functions/worker-settings";
import { LambdaFunction, RoutedSandbox } from "@code-remote/sandbox";
import { cognitoClient, ensurePool, signIn, startCognito, upsertUser } from "./emulators/cognito";
import { ensureTable, startDynamo } from "./emulators/dynamo";
import { startLambdaEmulator } from "./emulators/lambda";
import { ensureBucket } from "./emulators/s3";
import { ensureQueues, startSqs } from "./emulators/sqs";
import { startWsGateway, type WsHandlers } from "./emulators/ws-gateway";
import { closeServer, listen, type PortName } from "./net";
import type { WebRuntimeConfig } from "@code-remote/core/contract";
import { startStaticWeb } from "./static-web";
import { startWorkerLoop } from "./worker-loop";

export interface LocalStackOptions {
  /** Default `<repo>/.local`; tests pass a fresh temp dir. */
  dataDir?: string;
  /** 0 = a random free port. */
  ports?: Partial<Record<PortName, number>>;
  host?: string;
  /** Default: a new RoutedSandbox (plain and scientific warm pools), started and closed by the stack. A given one is left to its owner. */
  sandbox?: Sandbox;
  /**
   * Without a given sandbox: "pool" (default) runs jobs in the RoutedSandbox; "lambda" runs them as the
   * cloud does, through the LambdaSandbox adapter and the AWS SDK, against a local Lambda Invoke
   * endpoint in front of the Lambda-faithful sandbox function (`CR_SANDBOX=lambda npm start`).
   */
  sandboxMode?: SandboxMode;
  /** Default `<repo>/packages/web/dist`; false = don't serve the web app (only /config.json). */
  webDist?: string | false;
  /**
   * The jobs queue's visibility timeout (default 60 s). It must outlast every delivery: a message that
   * comes back while its job still runs is taken as a dead worker's, and the job is taken over with a new
   * attempt, again each time it comes back, until the dead-letter queue. As Lambda does, the stack refuses
   * one shorter than the worker's timeout (workerTimeoutSeconds). Tests shorten both to see redelivery
   * soon, keeping the visibility longer than their jobs.
   */
  visibilityTimeoutSeconds?: number;
  /**
   * The in-process worker's timeout, as its handler's context counts it down (default infra's,
   * WORKER_TIMEOUT_SECONDS, 60 s): what the queue's visibility must outlast, and what the worker plans
   * an in-delivery retry with.
   */
  workerTimeoutSeconds?: number;
  /**
   * Run the job worker in this process (default). With false, run `worker-main.ts` processes against
   * `stack.env` instead, as the fault-injection tests do to kill a worker for real.
   */
  inProcessWorker?: boolean;
  /** Extra CR_* settings for the handlers, e.g. { CR_LIMIT_EXECUTE_PER_MINUTE: "1000" } for a benchmark. */
  settings?: Record<string, string>;
  /**
   * How often the stand-in for the bucket's lifecycle rule removes objects whose job has expired or is
   * gone (default 60 s; the S3 twin has no lifecycle rules). 0 = never on its own (sweepObjects()).
   */
  objectSweepMs?: number;
  /** Gemini key for /analyze; without one the static analyzer answers. */
  geminiApiKey?: string;
  /** The handlers' clock (rate-limit windows, TTLs); tests move it instead of waiting. Default: the system's. */
  clock?: Clock;
  log?: (line: string) => void;
}

export interface LocalStack {
  urls: {
    web: string;
    api: string;
    ws: string;
    wsManagement: string;
    cognito: string;
    dynamodb: string;
    sqs: string;
    s3: string;
    lambda?: string;
  };
  auth: {
    region: string;
    userPoolId: string;
    clientId: string;
    issuer: string;
    demoUser: { username: string; password: string };
  };
  queues: { jobs: string; dlq: string };
  tableName: string;
  /** The bucket of traces, on fauxqs's S3 (urls.s3, path-style). */
  bucketName: string;
  config: Config;
  /** The CR_* settings the handlers were configured from: what a Lambda's environment would hold. */
  env: Record<string, string>;
  /** Active sandbox defence layers (ProcessSandbox.layers), empty for a sandbox that does not say. */
  sandboxLayers: string[];
  /** Scientific libraries jobs can import (ProcessSandbox.libraries), e.g. "numpy 1.24.2". */
  sandboxLibraries: string[];
  signIn(username: string, password: string): Promise<{ idToken: string; accessToken: string }>;
  createUser(username: string, password: string): Promise<void>;
  /** The newest sign-up confirmation code sent to this email (also printed to the log), if any. */
  confirmationCode(email: string): string | undefined;
  /**
   * Cut every browser WebSocket as a network drop would (no close frame); new connections wait
   * `holdNewForMs` before they are let in. For reconnect tests.
   */
  dropWebSockets(options?: { holdNewForMs?: number }): void;
  /** Remove now what the lifecycle stand-in removes on its own every objectSweepMs: the removed keys. */
  sweepObjects(): Promise<string[]>;
  stop(): Promise<void>;
}

export const DEFAULT_PORTS: Record<PortName, number> = {
  web: 3000,
  api: 3001,
  ws: 3002,
  cognito: 9229,
  dynamodb: 8000,
  sqs: 9324,
  lambda: 3003,
};

export const SANDBOX_MODES = ["pool", "lambda"] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The core port has only run(); ProcessSandbox also says how big it is and which layers are on. */
type DescribedSandbox = Sandbox & { size?: number; layers?: readonly string[]; libraries?: readonly string[] };

const REGION = "us-east-1";
const TABLE_NAME = "code-remote-local";
const BUCKET_NAME = "code-remote-local-objects";
const JOBS_QUEUE = "code-remote-jobs.fifo";
const DLQ = "code-remote-jobs-dlq.fifo";
const SANDBOX_FUNCTION = "code-remote-local-sandbox";

/** The handlers' structured log, folded into the stack's one-line log (its level: CR_LOG_LEVEL, default warn). */
function handlerLogger(log: (line: string) => void): Logger {
  return (level, message, fields) => {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields, errorFields)}` : "";
    log(`[${level}] ${message}${extra}`);
  };
}
function definedOnly(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
}

const errorFields = (_k: string, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v);

/**
 * Everything the cloud has, on loopback, in this process: emulators first (in parallel: every port is
 * bound before any setup, so a busy port fails fast), then their resources, then the same handlers the
 * Lambdas run, wired to them through the one config loader. On any failure, what started is stopped.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? "127.0.0.1";
  const dataDir = resolve(options.dataDir ?? join(REPO_ROOT, ".local"));
  const port = (name: PortName) => options.ports?.[name] ?? DEFAULT_PORTS[name];
  const webDist = options.webDist === undefined ? join(REPO_ROOT, "packages/web/dist") : options.webDist;
  await mkdir(dataDir, { recursive: true });

  // Parts start in parallel, so stop order is by stage, not by start order: callers before callees
  // (worker, gateway, API, web), then the sandbox, then the emulators they all talk to.
  const STAGE = { worker: 0, front: 1, sandbox: 2, clients: 3, emulator: 4 } as const;
  const stoppers: Array<{ stage: number; stop: () => Promise<unknown> }> = [];
  const stopAll = async () => {
    const all = stoppers.splice(0);
    for (const stage of Object.values(STAGE)) {
      await Promise.all(
        all
          .filter((s) => s.stage === stage)
          .map((s) =>
            s.stop().catch((err: unknown) => log(`stop: ${err instanceof Error ? err.message : String(err)}`)),
          ),
      );
    }
  };
  const started =
    (stage: number) =>
    <T extends { stop(): Promise<unknown> }>(thing: T): T => {
      stoppers.push({ stage, stop: () => thing.stop() });
      return thing;
    };

  try {
    // Handlers exist only once the config does, and the config needs every port: the servers that call
    // handlers bind now and delegate to them once wired (nothing connects before we return anyway).
    let wsHandlers: WsHandlers | undefined;
    let apiFetch: ((req: Request) => Response | Promise<Response>) | undefined;
    let webConfig: (() => WebRuntimeConfig) | undefined;
    const notReady = () => Promise.resolve({ statusCode: 503 });
    const apiServer = createAdaptorServer({
      fetch: (req: Request) => apiFetch?.(req) ?? new Response("starting", { status: 503 }),
    }) as Server;
    // Node closes an idle keep-alive connection after 5 s, and a client that reuses it at that moment
    // (a busy machine delays both sides) gets ECONNRESET: keep idle connections well past clients' reuse.
    apiServer.keepAliveTimeout = 60_000;

    const lambdaMode = options.sandbox === undefined && options.sandboxMode === "lambda";
    // Lambda mode: the handlers build the cloud's LambdaSandbox from CR_LAMBDA_ENDPOINT and CR_SANDBOX_FUNCTION.
    const sandboxFunction = lambdaMode
      ? new LambdaFunction({
          functionName: SANDBOX_FUNCTION,
          region: REGION,
          timeoutMs: SANDBOX_TIMEOUT_SECONDS * 1000,
        })
      : undefined;
    const ownSandbox = options.sandbox === undefined && !lambdaMode ? new RoutedSandbox() : undefined;
    const sandbox: Sandbox | undefined = options.sandbox ?? ownSandbox;
    const sandboxLayers = sandboxFunction
      ? [
          "Lambda-faithful mode through a local Lambda Invoke endpoint (handler.py as uid 993, no Landlock, no bubblewrap layer, read-only but /tmp)",
        ]
      : [...((sandbox as DescribedSandbox).layers ?? [])];
    // Each registers its stopper before it starts: runners already spawned must die even if another part fails.
    const startOwnSandbox = async () => {
      if (!ownSandbox) return undefined;
      stoppers.push({ stage: STAGE.sandbox, stop: () => ownSandbox.close() });
      await ownSandbox.start();
      return undefined;
    };
    const startSandboxFunction = async () => {
      if (!sandboxFunction) return undefined;
      stoppers.push({ stage: STAGE.sandbox, stop: () => sandboxFunction.close() });
      const [emulator] = await Promise.all([
        startLambdaEmulator({ port: port("lambda"), host, functions: [sandboxFunction], log }).then(
          started(STAGE.front),
        ),
        sandboxFunction.start(sandboxFunction.concurrency),
      ]);
      return emulator;
    };
    const settled = await Promise.allSettled([
      startDynamo({ dir: join(dataDir, "dynamodb"), port: port("dynamodb"), host }).then(started(STAGE.emulator)),
      startSqs({ port: port("sqs"), host }).then(started(STAGE.emulator)),
      startCognito({ dir: join(dataDir, "cognito"), port: port("cognito"), host, log }).then(started(STAGE.emulator)),
      startWsGateway({
        port: port("ws"),
        host,
        log,
        handlers: {
          connect: (e) => wsHandlers?.connect(e) ?? notReady(),
          disconnect: (e) => wsHandlers?.disconnect(e) ?? notReady(),
          message: (e) => wsHandlers?.message(e) ?? notReady(),
        },
      }).then(started(STAGE.front)),
      listen(apiServer, "api", port("api"), host).then((p) => {
        stoppers.push({ stage: STAGE.front, stop: () => closeServer(apiServer) });
        return p;
      }),
      startStaticWeb({
        port: port("web"),
        host,
        dist: webDist,
        config: () => {
          if (!webConfig) throw new Error("the stack is still starting");
          return webConfig();
        },
      }).then(started(STAGE.front)),
      startOwnSandbox(),
      startSandboxFunction(),
    ] as const);
    const failure = settled.find((s) => s.status === "rejected");
    if (failure) throw (failure as PromiseRejectedResult).reason;
    const [dynamo, sqs, cognito, gateway, apiPort, web, , lambda] = settled.map(
      (s) => (s as PromiseFulfilledResult<unknown>).value,
    ) as [
      Awaited<ReturnType<typeof startDynamo>>,
      Awaited<ReturnType<typeof startSqs>>,
      Awaited<ReturnType<typeof startCognito>>,
      Awaited<ReturnType<typeof startWsGateway>>,
      number,
      Awaited<ReturnType<typeof startStaticWeb>>,
      undefined,
      Awaited<ReturnType<typeof startLambdaEmulator>> | undefined,
    ];

    const idp = cognitoClient(cognito.endpoint, REGION);
    stoppers.push({ stage: STAGE.clients, stop: async () => idp.destroy() });
    const [, , queues, pool] = await Promise.all([
      ensureTable(dynamo.endpoint, REGION, TABLE_NAME),
      // fauxqs serves S3 on the SQS endpoint.
      ensureBucket(sqs.endpoint, REGION, BUCKET_NAME),
      ensureQueues(sqs.endpoint, REGION, {
        jobsName: JOBS_QUEUE,
        dlqName: DLQ,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 60,
        dlqVisibilityTimeoutSeconds: DEAD_LETTER_VISIBILITY_SECONDS,
      }),
      ensurePool(idp, join(dataDir, "cognito")),
    ]);

    const issuer = `${cognito.issuerDomain}/${pool.userPoolId}`;
    const env = definedOnly({
      CR_STAGE: "local",
      // Jobs are chatty at info (a line per step): locally only warnings and errors, unless asked.
      CR_LOG_LEVEL: "warn",
      AWS_REGION: REGION,
      CR_TABLE_NAME: TABLE_NAME,
      CR_BUCKET_NAME: BUCKET_NAME,
      CR_QUEUE_URL: queues.jobs,
      CR_DLQ_URL: queues.dlq,
      CR_WS_MANAGEMENT_URL: gateway.managementUrl,
      CR_AUTH_ISSUER: issuer,
      CR_AUTH_CLIENT_ID: pool.clientId,
      CR_AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
      CR_DYNAMODB_ENDPOINT: dynamo.endpoint,
      CR_SQS_ENDPOINT: sqs.endpoint,
      CR_S3_ENDPOINT: sqs.endpoint,
      CR_LAMBDA_ENDPOINT: lambda?.endpoint,
      CR_SANDBOX_FUNCTION: sandboxFunction?.functionName,
      CR_GEMINI_API_KEY: options.geminiApiKey,
      ...options.settings,
    });
    const config = loadConfig(env);

    const deps = createDeps(config, {
      ...(sandbox ? { sandbox } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      log: handlerLogger(log),
    });
    const api = createApi(deps);
    apiFetch = withJwtAuthorizer((req, env) => api.fetch(req, env), deps.verifier);
    wsHandlers = createWsHandlers(deps);
    const apiUrl = `http://${host}:${apiPort}`;
    webConfig = () => ({
      apiUrl,
      wsUrl: gateway.url,
      region: REGION,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.clientId,
      userPoolEndpoint: cognito.endpoint,
    });

    // The SQS twin keeps messages in memory only: jobs accepted before a restart are enqueued again.
    const requeued = await Job.requeueUnfinished(deps);
    if (requeued > 0) log(`re-enqueued ${requeued} unfinished job(s) from before the restart`);

    // The worker stops before the sandbox closes, so a running job finishes (within the grace) rather
    // than coming back as an internal error of a closed sandbox.
    const subscribe = async (loopOptions: Omit<Parameters<typeof startWorkerLoop>[0], "endpoint" | "region">) => {
      const loop = await startWorkerLoop({ endpoint: sqs.endpoint, region: REGION, ...loopOptions });
      stoppers.push({ stage: STAGE.worker, stop: () => loop.stop() });
    };
    await subscribe({
      queueUrl: queues.dlq,
      queueArn: queues.dlqArn,
      handler: createDeadLetterHandler(deps),
      timeoutSeconds: DEAD_LETTER_TIMEOUT_SECONDS,
      concurrency: 1,
      log,
    });
    if (options.inProcessWorker !== false) {
      // One poller per warm runner, so the queue never hands out more work than can start at once.
      const concurrency =
        sandboxFunction?.concurrency ?? (sandbox as DescribedSandbox | undefined)?.size ?? availableParallelism();
      await subscribe({
        queueUrl: queues.jobs,
        queueArn: queues.jobsArn,
        handler: createWorkerHandler(deps),
        timeoutSeconds: options.workerTimeoutSeconds ?? WORKER_TIMEOUT_SECONDS,
        concurrency,
        log,
      });
    }
    // The S3 twin has no lifecycle rules: objects go when their job expires or is gone (Job.sweepOrphanObjects).
    const sweepObjects = () => Job.sweepOrphanObjects(deps);
    const sweepMs = options.objectSweepMs ?? 60_000;
    if (sweepMs > 0) {
      const sweeper = setInterval(() => {
        sweepObjects().catch((err: unknown) =>
          log(`object sweep: ${err instanceof Error ? err.message : String(err)}`),
        );
      }, sweepMs);
      sweeper.unref();
      stoppers.push({ stage: STAGE.worker, stop: async () => clearInterval(sweeper) });
    }

    return {
      urls: {
        web: web.url,
        api: apiUrl,
        ws: gateway.url,
        wsManagement: gateway.managementUrl,
        cognito: cognito.endpoint,
        dynamodb: dynamo.endpoint,
        sqs: sqs.endpoint,
        s3: sqs.endpoint,
        ...(lambda ? { lambda: lambda.endpoint } : {}),
      },
      auth: { region: REGION, userPoolId: pool.userPoolId, clientId: pool.clientId, issuer, demoUser: pool.demoUser },
      queues: { jobs: queues.jobs, dlq: queues.dlq },
      tableName: TABLE_NAME,
      bucketName: BUCKET_NAME,
      config,
      env,
      sandboxLayers,
      sandboxLibraries: [...((sandbox as DescribedSandbox | undefined)?.libraries ?? [])],
      signIn: (username, password) => signIn(idp, pool.clientId, username, password),
      createUser: (username, password) => upsertUser(idp, pool.userPoolId, username, password),
      confirmationCode: (email) => cognito.confirmationCode(email),
      dropWebSockets: (dropOptions) => gateway.dropAll(dropOptions),
      sweepObjects,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
