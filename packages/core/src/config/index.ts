import { z } from "zod";
import { AppError } from "../errors";
import { JOB_WALL_BUDGET_MS, LIMIT_MINIMA } from "../execution/limits";

/**
 * The one config loader. Its input is a flat env-style record: in local mode the local stack builds it,
 * in the cloud packages/functions fills it from SST's `Resource` and the Lambda environment.
 */
export type ConfigSource = Readonly<Record<string, string | undefined>>;

const optionalUrl = z.url().optional();

const ConfigSchema = z.object({
  stage: z.string().min(1),
  region: z.string().min(1),
  tableName: z.string().min(1),
  /** The private bucket of objects too large for a table item (traces, whole results), removed with their jobs. */
  bucketName: z.string().min(1),
  queueUrl: z.url(),
  dlqUrl: optionalUrl,
  wsManagementUrl: z.url(),
  auth: z.object({
    issuer: z.url(),
    clientId: z.string().min(1),
    jwksUrl: z.url(),
  }),
  /** Only set in local mode: where the AWS SDK clients point instead of AWS. */
  endpoints: z.object({ dynamodb: optionalUrl, sqs: optionalUrl, lambda: optionalUrl, s3: optionalUrl }),
  sandboxFunctionName: z.string().optional(),
  gemini: z.object({ apiKey: z.string().optional(), model: z.string() }),
  /** The least severe log line the handlers write: "info" (every job step), "warn" or "error". */
  logLevel: z.enum(["info", "warn", "error"]),
  /** Abuse limits, per user unless said otherwise; tests and benchmarks raise them. */
  limits: z.object({
    executePerMinute: z.coerce.number().int().positive(),
    analyzePerMinute: z.coerce.number().int().positive(),
    maxQueuedPerUser: z.coerce.number().int().positive(),
    wsMessagesPerMinute: z.coerce.number().int().positive(),
    maxConnectionsPerUser: z.coerce.number().int().positive(),
  }),
  /**
   * How long all of a job's runs may last together (execution/limits.ts JOB_WALL_BUDGET_MS, which is
   * also the most a stage may set: the cloud's timeouts are derived from it).
   */
  jobWallBudgetMs: z.coerce.number().int().min(LIMIT_MINIMA.wallMs).max(JOB_WALL_BUDGET_MS),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Env-style keys, one per setting, so every environment (Lambda, local, tests) spells them the same. */
export const CONFIG_KEYS = {
  stage: "CR_STAGE",
  region: "AWS_REGION",
  tableName: "CR_TABLE_NAME",
  bucketName: "CR_BUCKET_NAME",
  queueUrl: "CR_QUEUE_URL",
  dlqUrl: "CR_DLQ_URL",
  wsManagementUrl: "CR_WS_MANAGEMENT_URL",
  authIssuer: "CR_AUTH_ISSUER",
  authClientId: "CR_AUTH_CLIENT_ID",
  authJwksUrl: "CR_AUTH_JWKS_URL",
  dynamodbEndpoint: "CR_DYNAMODB_ENDPOINT",
  sqsEndpoint: "CR_SQS_ENDPOINT",
  lambdaEndpoint: "CR_LAMBDA_ENDPOINT",
  s3Endpoint: "CR_S3_ENDPOINT",
  sandboxFunctionName: "CR_SANDBOX_FUNCTION",
  geminiApiKey: "CR_GEMINI_API_KEY",
  geminiModel: "CR_GEMINI_MODEL",
  executePerMinute: "CR_LIMIT_EXECUTE_PER_MINUTE",
  analyzePerMinute: "CR_LIMIT_ANALYZE_PER_MINUTE",
  maxQueuedPerUser: "CR_LIMIT_MAX_QUEUED_PER_USER",
  wsMessagesPerMinute: "CR_LIMIT_WS_MESSAGES_PER_MINUTE",
  maxConnectionsPerUser: "CR_LIMIT_MAX_CONNECTIONS_PER_USER",
  logLevel: "CR_LOG_LEVEL",
  jobWallBudgetMs: "CR_JOB_WALL_BUDGET_MS",
} as const;

/** Generous for a person at a keyboard, tight for a script hammering the API. */
export const DEFAULT_LIMITS = {
  executePerMinute: 60,
  analyzePerMinute: 20,
  maxQueuedPerUser: 20,
  wsMessagesPerMinute: 120,
  /** Open WebSockets (tabs) per user: every push goes to each of them. */
  maxConnectionsPerUser: 10,
} as const;

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v);

export function loadConfig(source: ConfigSource): Config {
  const get = (k: keyof typeof CONFIG_KEYS) => blankToUndefined(source[CONFIG_KEYS[k]]);
  const parsed = ConfigSchema.safeParse({
    stage: get("stage") ?? "local",
    region: get("region") ?? "us-east-1",
    tableName: get("tableName"),
    bucketName: get("bucketName"),
    queueUrl: get("queueUrl"),
    dlqUrl: get("dlqUrl"),
    wsManagementUrl: get("wsManagementUrl"),
    auth: { issuer: get("authIssuer"), clientId: get("authClientId"), jwksUrl: get("authJwksUrl") },
    endpoints: {
      dynamodb: get("dynamodbEndpoint"),
      sqs: get("sqsEndpoint"),
      lambda: get("lambdaEndpoint"),
      s3: get("s3Endpoint"),
    },
    sandboxFunctionName: get("sandboxFunctionName"),
    gemini: { apiKey: get("geminiApiKey"), model: get("geminiModel") ?? "gemini-2.0-flash" },
    logLevel: get("logLevel") ?? "info",
    limits: {
      executePerMinute: get("executePerMinute") ?? DEFAULT_LIMITS.executePerMinute,
      analyzePerMinute: get("analyzePerMinute") ?? DEFAULT_LIMITS.analyzePerMinute,
      maxQueuedPerUser: get("maxQueuedPerUser") ?? DEFAULT_LIMITS.maxQueuedPerUser,
      wsMessagesPerMinute: get("wsMessagesPerMinute") ?? DEFAULT_LIMITS.wsMessagesPerMinute,
      maxConnectionsPerUser: get("maxConnectionsPerUser") ?? DEFAULT_LIMITS.maxConnectionsPerUser,
    },
    jobWallBudgetMs: get("jobWallBudgetMs") ?? JOB_WALL_BUDGET_MS,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") ?? "?";
    throw new AppError("INTERNAL", `configuration is incomplete: ${path}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
