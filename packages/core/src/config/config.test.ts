import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { JOB_WALL_BUDGET_MS } from "../execution";
import { CONFIG_KEYS, loadConfig } from ".";

const complete = {
  [CONFIG_KEYS.tableName]: "t",
  [CONFIG_KEYS.bucketName]: "b",
  [CONFIG_KEYS.queueUrl]: "http://127.0.0.1:9324/000000000000/q.fifo",
  [CONFIG_KEYS.wsManagementUrl]: "http://127.0.0.1:3002",
  [CONFIG_KEYS.authIssuer]: "http://127.0.0.1:9229/local_pool",
  [CONFIG_KEYS.authClientId]: "client",
  [CONFIG_KEYS.authJwksUrl]: "http://127.0.0.1:9229/local_pool/.well-known/jwks.json",
};

describe("config loader", () => {
  it("reads every setting from env-style keys with defaults", () => {
    const c = loadConfig(complete);
    expect(c.stage).toBe("local");
    expect(c.region).toBe("us-east-1");
    expect(c.auth.clientId).toBe("client");
    expect(c.endpoints).toEqual({ dynamodb: undefined, sqs: undefined, lambda: undefined, s3: undefined });
    expect(c.bucketName).toBe("b");
    expect(c.gemini.apiKey).toBeUndefined();
  });

  it("treats blank values as missing and names what is missing", () => {
    expect(() => loadConfig({ ...complete, [CONFIG_KEYS.tableName]: " " })).toThrow(/tableName/);
    expect(() => loadConfig({ ...complete, [CONFIG_KEYS.bucketName]: undefined })).toThrow(/bucketName/);
    expect(() => loadConfig({ ...complete, [CONFIG_KEYS.queueUrl]: "not a url" })).toThrow(AppError);
  });

  it("logs from info by default; CR_LOG_LEVEL raises it and refuses unknown levels by name", () => {
    expect(loadConfig(complete).logLevel).toBe("info");
    expect(loadConfig({ ...complete, [CONFIG_KEYS.logLevel]: "warn" }).logLevel).toBe("warn");
    expect(() => loadConfig({ ...complete, [CONFIG_KEYS.logLevel]: "verbose" })).toThrow(/logLevel/);
  });

  it("gives a job the whole time budget by default; CR_JOB_WALL_BUDGET_MS may lower it, never raise it", () => {
    expect(loadConfig(complete).jobWallBudgetMs).toBe(JOB_WALL_BUDGET_MS);
    expect(loadConfig({ ...complete, [CONFIG_KEYS.jobWallBudgetMs]: "5000" }).jobWallBudgetMs).toBe(5_000);
    expect(() => loadConfig({ ...complete, [CONFIG_KEYS.jobWallBudgetMs]: String(JOB_WALL_BUDGET_MS + 1) })).toThrow(
      /jobWallBudgetMs/,
    );
    expect(() => loadConfig({ ...complete, [CONFIG_KEYS.jobWallBudgetMs]: "soon" })).toThrow(/jobWallBudgetMs/);
  });
});
