import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANALYSIS_TTL_SECONDS,
  ANALYSIS_VERSION,
  AnalysisCache,
  sha256Hex,
  type Analysis,
} from "@code-remote/core/analysis";
import { createTable } from "@code-remote/core/store";
import { ensureTable, startDynamo, type DynamoEmulator } from "../src/emulators/dynamo";

// The analysis cache in the one table, on a DynamoDB-protocol server (dynalite never expires items).
let dynamo: DynamoEmulator;
let dir: string;
let client: DynamoDBClient;
let nowMs = Date.UTC(2026, 0, 1);
const nowSeconds = () => Math.floor(nowMs / 1000);
const TABLE = "analysis-test";

const ANALYSIS: Analysis = {
  time: "O(n)",
  space: "O(1)",
  explanation: "One loop over the input.",
  algorithm: "Linear scan",
  suggestions: [],
  lines: [2],
  functions: [],
  source: "static",
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cr-analysis-"));
  dynamo = await startDynamo({ dir, port: 0, host: "127.0.0.1" });
  await ensureTable(dynamo.endpoint, "us-east-1", TABLE);
  client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});

afterAll(async () => {
  await dynamo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("AnalysisCache", () => {
  it("keys by sha256 of the code (hex, Web Crypto)", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("stores and reads back; an entry past its 30-day TTL is absent", async () => {
    const cache = new AnalysisCache(createTable(client, TABLE), nowSeconds);
    const hash = await sha256Hex("for x in a: pass");
    expect(await cache.get(hash)).toBeUndefined();
    await cache.put(hash, ANALYSIS, nowMs);
    expect((await cache.get(hash))?.analysis).toEqual(ANALYSIS);

    nowMs += (ANALYSIS_TTL_SECONDS - 60) * 1000;
    expect(await cache.get(hash)).toBeDefined();
    nowMs += 120 * 1000;
    expect(await cache.get(hash)).toBeUndefined();
  });

  it("ignores entries of another analyzer version or that no longer match the schema", async () => {
    const cache = new AnalysisCache(createTable(client, TABLE), nowSeconds);
    const entity = createTable(client, TABLE).entities.analysis;
    const expiresAt = nowSeconds() + 3600;
    await entity.put({ codeHash: "old", version: 0, analysis: ANALYSIS, createdAt: nowMs, expiresAt }).go();
    // Deliberately not an Analysis: an entry written by an older analyzer whose answers no longer parse.
    const outdated = { ...ANALYSIS, time: "O(fast)" } as unknown as typeof ANALYSIS;
    await entity
      .put({ codeHash: "bad", version: ANALYSIS_VERSION, analysis: outdated, createdAt: nowMs, expiresAt })
      .go();
    expect(await cache.get("old")).toBeUndefined();
    expect(await cache.get("bad")).toBeUndefined();
  });
});
