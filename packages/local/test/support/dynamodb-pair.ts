// Our DynamoDB server and its referee, AWS's DynamoDB Local, side by side for the conformance suites
// (dynamodb-differential.test.ts, dynamodb-backends.test.ts; README: "DynamoDB"): both started before a
// file's tests and stopped after them, and the ways of comparing their answers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, expect } from "vitest";
import { startDynamo, type DynamoEmulator } from "../../src/emulators/dynamo";
import { startDynamoDbLocal } from "../../src/emulators/dynamodb-local";
import { LOCAL_CREDENTIALS } from "../../src/net";

// Any SDK command: run() hands it to send() untyped, so both servers get exactly the same object shape.
export type Command = { readonly input: object };
export type Outcome = { ok: Record<string, unknown> } | { error: string; message: string };

export const S = (s: string): AttributeValue => ({ S: s });
export const N = (n: string): AttributeValue => ({ N: n });

export const dynamoClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: "us-east-1", credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

export async function run(c: DynamoDBClient, command: Command): Promise<Outcome> {
  try {
    const { $metadata: _, ...rest } = (await c.send(command as never)) as unknown as Record<string, unknown>;
    return { ok: rest };
  } catch (err) {
    const e = err as Error;
    if (!e.name || e.name === "Error" || e.name === "TypeError") throw err;
    return { error: e.name, message: e.message };
  }
}

/**
 * DynamoDB Local answers a few things the service does not (README, "DynamoDB"): it adds ConsumedCapacity
 * to some writes that did not ask for it (the API reference: only with ReturnConsumedCapacity). Those parts
 * of its answer are dropped before comparing; ours must follow the service.
 */
function asTheServiceAnswers(command: Command, o: Outcome): Outcome {
  if (!("ok" in o) || "ReturnConsumedCapacity" in command.input) return o;
  const { ConsumedCapacity: _, ...rest } = o.ok;
  return { ok: rest };
}

export interface DynamoPair {
  /** A scratch directory of the file's own, removed after its tests. */
  readonly dir: string;
  readonly ours: DynamoEmulator;
  readonly oursClient: DynamoDBClient;
  readonly referee: DynamoEmulator;
  readonly refereeClient: DynamoDBClient;
  /** The same expectations on both backends: DynamoDB Local checks that they are the service's. */
  readonly backends: readonly (readonly [string, () => { client: DynamoDBClient; endpoint: string }])[];
  /** Run on both servers; the responses must agree, errors by name and message. */
  both(command: () => Command, normalise?: (o: Record<string, unknown>) => unknown): Promise<Outcome>;
  /**
   * Where DynamoDB Local is known to answer unlike the service (README, "DynamoDB", with the evidence):
   * ours must give the service's answer, and DynamoDB Local its own, so a change in either shows up here.
   */
  serviceDiffers(command: () => Command, answers: { service: Outcome; dynamoDbLocal: Outcome }): Promise<void>;
  /**
   * Follow LastEvaluatedKey page by page on both servers; every page must agree. One documented
   * difference: a page that stops at its Limit carries a LastEvaluatedKey on the service even when nothing
   * follows ("If LastEvaluatedKey is not empty, it does not necessarily mean that there is more data",
   * Query.Pagination), while DynamoDB Local looks ahead and leaves it out. Ours follows the service: there,
   * its next page must be the empty last one.
   */
  allPages(page: (start: Record<string, AttributeValue> | undefined) => Command): Promise<void>;
}

/**
 * The differential suite's table, created alike on both servers: a composite key, a GSI with a numeric
 * sort key and one keyed by its hash alone that projects one attribute.
 */
export const TABLE = "diff";

export async function createDiffTable(c: DynamoDBClient) {
  await c.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "gpk", AttributeType: "S" },
        { AttributeName: "gsk", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byGroup",
          KeySchema: [
            { AttributeName: "gpk", KeyType: "HASH" },
            { AttributeName: "gsk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
        {
          IndexName: "keysOnly",
          KeySchema: [{ AttributeName: "gpk", KeyType: "HASH" }],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["title"] },
        },
      ],
    }),
  );
  for (;;) {
    const { Table } = await c.send(new DescribeTableCommand({ TableName: TABLE }));
    if (Table?.TableStatus === "ACTIVE" && Table.GlobalSecondaryIndexes?.every((g) => g.IndexStatus === "ACTIVE"))
      break;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Commands on the differential table, as functions: both() builds one for each server. */
export const key = (pk: string, sk: string) => ({ pk: S(pk), sk: S(sk) });
export const put =
  (item: Record<string, AttributeValue>, extra: Record<string, unknown> = {}) =>
  () =>
    new PutItemCommand({ TableName: TABLE, Item: item, ...extra });
export const update =
  (k: Record<string, AttributeValue>, expr: string, extra: Record<string, unknown> = {}) =>
  () =>
    new UpdateItemCommand({ TableName: TABLE, Key: k, UpdateExpression: expr, ...extra });
export const get =
  (k: Record<string, AttributeValue>, extra: Record<string, unknown> = {}) =>
  () =>
    new GetItemCommand({ TableName: TABLE, Key: k, ...extra });

/**
 * Starts both servers before the calling file's tests (vitest hooks) and stops them after. The
 * servers, their clients and the scratch dir are filled in when they have started: read them in tests.
 */
export function useDynamoPair(): DynamoPair {
  const comparing: Pick<DynamoPair, "backends" | "both" | "serviceDiffers" | "allPages"> = {
    backends: [
      ["our server", () => ({ client: pair.oursClient, endpoint: pair.ours.endpoint })],
      ["DynamoDB Local", () => ({ client: pair.refereeClient, endpoint: pair.referee.endpoint })],
    ],
    async both(command, normalise = (o) => o) {
      const mine = await run(pair.oursClient, command());
      const theirs = asTheServiceAnswers(command(), await run(pair.refereeClient, command()));
      const shape = (o: Outcome) => ("ok" in o ? { ok: normalise(o.ok) } : o);
      expect(shape(mine)).toEqual(shape(theirs));
      return mine;
    },
    async serviceDiffers(command, answers) {
      expect(await run(pair.oursClient, command())).toEqual(answers.service);
      expect(asTheServiceAnswers(command(), await run(pair.refereeClient, command()))).toEqual(answers.dynamoDbLocal);
    },
    async allPages(page) {
      let start: Record<string, AttributeValue> | undefined;
      for (let pages = 0; pages < 40; pages++) {
        const mine = await run(pair.oursClient, page(start));
        const theirs = asTheServiceAnswers(page(start), await run(pair.refereeClient, page(start)));
        const lookedAhead = "ok" in mine && "ok" in theirs && mine.ok.LastEvaluatedKey && !theirs.ok.LastEvaluatedKey;
        if (lookedAhead) {
          expect(mine.ok.ScannedCount).toBe((page(start).input as { Limit?: number }).Limit);
          const { LastEvaluatedKey: _, ...rest } = mine.ok;
          expect({ ok: rest }).toEqual(theirs);
          const last = await run(pair.oursClient, page(mine.ok.LastEvaluatedKey as Record<string, AttributeValue>));
          expect(last).toEqual({ ok: { Count: 0, ScannedCount: 0, ...("Items" in mine.ok ? { Items: [] } : {}) } });
          return;
        }
        expect(mine).toEqual(theirs);
        start = "ok" in mine ? (mine.ok.LastEvaluatedKey as Record<string, AttributeValue> | undefined) : undefined;
        if (!start) return;
      }
      throw new Error("more than 40 pages");
    },
  };
  const pair = comparing as DynamoPair;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "cr-dynamodb-"));
    const ours = await startDynamo({ dir: join(dir, "ours"), port: 0, host: "127.0.0.1" });
    const referee = await startDynamoDbLocal();
    Object.assign(pair, {
      dir,
      ours,
      oursClient: dynamoClient(ours.endpoint),
      referee,
      refereeClient: dynamoClient(referee.endpoint),
    });
  });

  afterAll(async () => {
    pair.oursClient?.destroy();
    pair.refereeClient?.destroy();
    await pair.ours?.stop();
    await pair.referee?.stop();
    if (pair.dir) rmSync(pair.dir, { recursive: true, force: true });
  });

  return pair;
}
