import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTable, isConditionFailure, type JobEntity } from "@code-remote/core/store";
import { ensureTable, startDynamo, type DynamoEmulator } from "../src/emulators/dynamo";
import { startDynamoDbLocal } from "../src/emulators/dynamodb-local";
import { LOCAL_CREDENTIALS } from "../src/net";

// Conformance of our DynamoDB server, refereed by AWS's own DynamoDB Local (README: "DynamoDB"):
// - a differential part sends the same SDK commands to both and requires the same answers, errors
//   included (name and message);
// - transactions, cancellation reasons, TTL settings and ElectroDB with the project's entities run
//   against each backend with explicit expectations, so the expectations are themselves checked on AWS's
//   implementation;
// - what DynamoDB Local cannot show (TTL deletion, persistence across restarts) runs on ours alone.

// Any SDK command: run() hands it to send() untyped, so both servers get exactly the same object shape.
type Command = { readonly input: object };
type Outcome = { ok: Record<string, unknown> } | { error: string; message: string };

let dir: string;
let ours: DynamoEmulator;
let oursClient: DynamoDBClient;
let referee: DynamoEmulator;
let refereeClient: DynamoDBClient;

const client = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: "us-east-1", credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

async function run(c: DynamoDBClient, command: Command): Promise<Outcome> {
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

/** Run on both servers; the responses must agree, errors by name and message. */
async function both(
  command: () => Command,
  normalise: (o: Record<string, unknown>) => unknown = (o) => o,
): Promise<Outcome> {
  const mine = await run(oursClient, command());
  const theirs = asTheServiceAnswers(command(), await run(refereeClient, command()));
  const shape = (o: Outcome) => ("ok" in o ? { ok: normalise(o.ok) } : o);
  expect(shape(mine)).toEqual(shape(theirs));
  return mine;
}

/**
 * Where DynamoDB Local is known to answer unlike the service (README, "DynamoDB", with the evidence): ours
 * must give the service's answer, and DynamoDB Local its own, so a change in either shows up here.
 */
async function serviceDiffers(
  command: () => Command,
  answers: { service: Outcome; dynamoDbLocal: Outcome },
): Promise<void> {
  expect(await run(oursClient, command())).toEqual(answers.service);
  expect(asTheServiceAnswers(command(), await run(refereeClient, command()))).toEqual(answers.dynamoDbLocal);
}

/**
 * Follow LastEvaluatedKey page by page on both servers; every page must agree. One documented difference:
 * a page that stops at its Limit carries a LastEvaluatedKey on the service even when nothing follows ("If
 * LastEvaluatedKey is not empty, it does not necessarily mean that there is more data", Query.Pagination),
 * while DynamoDB Local looks ahead and leaves it out. Ours follows the service: there, its next page must
 * be the empty last one.
 */
async function allPages(page: (start: Record<string, AttributeValue> | undefined) => Command): Promise<void> {
  let start: Record<string, AttributeValue> | undefined;
  for (let pages = 0; pages < 40; pages++) {
    const mine = await run(oursClient, page(start));
    const theirs = asTheServiceAnswers(page(start), await run(refereeClient, page(start)));
    const lookedAhead = "ok" in mine && "ok" in theirs && mine.ok.LastEvaluatedKey && !theirs.ok.LastEvaluatedKey;
    if (lookedAhead) {
      expect(mine.ok.ScannedCount).toBe((page(start).input as { Limit?: number }).Limit);
      const { LastEvaluatedKey: _, ...rest } = mine.ok;
      expect({ ok: rest }).toEqual(theirs);
      const last = await run(oursClient, page(mine.ok.LastEvaluatedKey as Record<string, AttributeValue>));
      expect(last).toEqual({ ok: { Count: 0, ScannedCount: 0, ...("Items" in mine.ok ? { Items: [] } : {}) } });
      return;
    }
    expect(mine).toEqual(theirs);
    start = "ok" in mine ? (mine.ok.LastEvaluatedKey as Record<string, AttributeValue> | undefined) : undefined;
    if (!start) return;
  }
  throw new Error("more than 40 pages");
}

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });
const TABLE = "diff";

async function createTables(c: DynamoDBClient) {
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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cr-dynamodb-"));
  ours = await startDynamo({ dir: join(dir, "ours"), port: 0, host: "127.0.0.1" });
  oursClient = client(ours.endpoint);
  referee = await startDynamoDbLocal();
  refereeClient = client(referee.endpoint);
  await createTables(oursClient);
  await createTables(refereeClient);
});

afterAll(async () => {
  oursClient?.destroy();
  refereeClient?.destroy();
  await ours?.stop();
  await referee?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const key = (pk: string, sk: string) => ({ pk: S(pk), sk: S(sk) });
const put =
  (item: Record<string, AttributeValue>, extra: Record<string, unknown> = {}) =>
  () =>
    new PutItemCommand({ TableName: TABLE, Item: item, ...extra });
const update =
  (k: Record<string, AttributeValue>, expr: string, extra: Record<string, unknown> = {}) =>
  () =>
    new UpdateItemCommand({ TableName: TABLE, Key: k, UpdateExpression: expr, ...extra });
const get =
  (k: Record<string, AttributeValue>, extra: Record<string, unknown> = {}) =>
  () =>
    new GetItemCommand({ TableName: TABLE, Key: k, ...extra });

describe("differential against DynamoDB Local", () => {
  it("puts with conditions and ReturnValues, numbers normalised", async () => {
    await both(
      put(
        { ...key("a", "1"), n: N("1.50"), z: N("-0"), e: N("1e2"), lead: N("0001.0100"), title: S("first") },
        { ReturnValues: "ALL_OLD" },
      ),
    );
    await both(get(key("a", "1")));
    await both(put({ ...key("a", "1"), n: N("2"), title: S("second") }, { ReturnValues: "ALL_OLD" }));
    await both(put({ ...key("a", "1"), n: N("3") }, { ConditionExpression: "attribute_not_exists(pk)" }));
    await both(
      put(
        { ...key("a", "1"), n: N("3") },
        { ConditionExpression: "n = :v", ExpressionAttributeValues: { ":v": N("2.0") } },
      ),
    );
    await both(
      put(
        { ...key("a", "1"), n: N("4") },
        { ConditionExpression: "n <> :v", ExpressionAttributeValues: { ":v": N("3") } },
      ),
    );
    await both(put({ ...key("a", "2"), n: N("4") }, { ConditionExpression: "attribute_exists(pk)" }));
    await both(get(key("a", "1")));
    await both(get(key("a", "2")));
    await both(put({ ...key("a", "1"), n: N("5") }, { ReturnValues: "ALL_NEW" }));
  });

  it("updates in every ReturnValues mode, nested maps and lists, sets", async () => {
    const k = key("u", "1");
    await both(
      put({
        ...k,
        count: N("1"),
        doc: { M: { a: { M: { b: N("1") } }, list: { L: [S("x"), S("y"), S("z")] } } },
        tags: { SS: ["a", "b"] },
        nums: { NS: ["1", "2"] },
      }),
    );
    const bump = (mode: string) =>
      update(k, "SET #c = #c + :one, doc.a.b = :one", {
        ReturnValues: mode,
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":one": N("1") },
      });
    const doc = { M: { a: { M: { b: N("1") } }, list: { L: [S("x"), S("y"), S("z")] } } };
    for (const mode of ["NONE", "ALL_OLD", "ALL_NEW"]) await both(bump(mode));
    // UPDATED_* of a nested path: the service returns only the updated fragment (UpdateItem's API reference:
    // "only the updated attributes"), DynamoDB Local the whole top-level attribute.
    await serviceDiffers(bump("UPDATED_OLD"), {
      service: { ok: { Attributes: { count: N("4"), doc: { M: { a: { M: { b: N("1") } } } } } } },
      dynamoDbLocal: { ok: { Attributes: { count: N("4"), doc } } },
    });
    await serviceDiffers(bump("UPDATED_NEW"), {
      service: { ok: { Attributes: { count: N("6"), doc: { M: { a: { M: { b: N("1") } } } } } } },
      dynamoDbLocal: { ok: { Attributes: { count: N("6"), doc } } },
    });
    await both(
      update(k, "SET doc.list[1] = :v, doc.list[10] = :w, extra = if_not_exists(extra, :zero)", {
        ReturnValues: "ALL_NEW",
        ExpressionAttributeValues: { ":v": S("Y"), ":w": S("end"), ":zero": N("0") },
      }),
    );
    await both(
      update(k, "SET doc.list = list_append(:head, doc.list) REMOVE doc.a.b", {
        ReturnValues: "UPDATED_NEW",
        ExpressionAttributeValues: { ":head": { L: [S("h")] } },
      }),
    );
    await both(update(k, "REMOVE doc.list[0], doc.list[2]", { ReturnValues: "ALL_NEW" }));
    await both(
      update(k, "ADD tags :t, nums :n, fresh :five, #c :five", {
        ReturnValues: "ALL_NEW",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":t": { SS: ["b", "c"] }, ":n": { NS: ["2.0", "3"] }, ":five": N("5") },
      }),
    );
    await both(
      update(k, "DELETE tags :t, nums :n", {
        ReturnValues: "UPDATED_NEW",
        ExpressionAttributeValues: { ":t": { SS: ["a"] }, ":n": { NS: ["1", "2", "3"] } },
      }),
    );
    await both(
      update(k, "SET extra = extra - :big", {
        ReturnValues: "UPDATED_NEW",
        ExpressionAttributeValues: { ":big": N("0.125") },
      }),
    );
    await both(
      update(key("u", "new"), "SET v = :v", { ReturnValues: "ALL_OLD", ExpressionAttributeValues: { ":v": N("1") } }),
    );
    await both(
      update(key("u", "new2"), "SET v = :v", { ReturnValues: "ALL_NEW", ExpressionAttributeValues: { ":v": N("1") } }),
    );
    await both(get(k));
    await both(get(k, { ProjectionExpression: "doc.list[1], tags, #c", ExpressionAttributeNames: { "#c": "count" } }));
  });

  it("conditional updates and deletes with every operator and function", async () => {
    const k = key("c", "1");
    await both(
      put({
        ...k,
        n: N("10"),
        s: S("hello"),
        l: { L: [N("1"), N("2")] },
        m: { M: { x: S("y") } },
        ss: { SS: ["p", "q"] },
      }),
    );
    const conditions: [string, Record<string, AttributeValue> | undefined][] = [
      ["n BETWEEN :a AND :b", { ":a": N("5"), ":b": N("10") }],
      ["n BETWEEN :a AND :b", { ":a": N("11"), ":b": N("12") }],
      ["n IN (:a, :b)", { ":a": N("1"), ":b": N("10") }],
      ["begins_with(s, :p)", { ":p": S("he") }],
      ["begins_with(s, :p)", { ":p": S("lo") }],
      ["contains(ss, :p) AND contains(s, :q)", { ":p": S("q"), ":q": S("ell") }],
      ["size(l) = :two AND size(s) > :two", { ":two": N("2") }],
      ["attribute_type(m, :t)", { ":t": S("M") }],
      ["attribute_type(m, :t)", { ":t": S("L") }],
      ["NOT n = :a OR s = :b AND n = :a", { ":a": N("10"), ":b": S("nope") }],
      ["(n < :a OR n > :b) AND m.x = :y", { ":a": N("5"), ":b": N("9"), ":y": S("y") }],
      ["attribute_not_exists(nope.deeper) AND attribute_exists(l[1])", undefined],
    ];
    for (const [expr, values] of conditions) {
      await both(
        update(k, "SET hits = if_not_exists(hits, :zero) + :one", {
          ConditionExpression: expr,
          ExpressionAttributeValues: { ":zero": N("0"), ":one": N("1"), ...values },
          ReturnValues: "UPDATED_NEW",
        }),
      );
    }
    await both(
      () =>
        new DeleteItemCommand({
          TableName: TABLE,
          Key: k,
          ConditionExpression: "hits > :v",
          ExpressionAttributeValues: { ":v": N("100") },
          ReturnValues: "ALL_OLD",
        }),
    );
    await both(
      () =>
        new DeleteItemCommand({
          TableName: TABLE,
          Key: k,
          ConditionExpression: "hits > :v",
          ExpressionAttributeValues: { ":v": N("1") },
          ReturnValues: "ALL_OLD",
        }),
    );
    await both(() => new DeleteItemCommand({ TableName: TABLE, Key: k, ReturnValues: "ALL_OLD" }));
    await both(get(k));
  });

  it("queries forward and backward with limits, filters, projections and pagination, on the table and a GSI", async () => {
    for (let i = 0; i < 23; i++) {
      const sk = `item#${String(i).padStart(3, "0")}`;
      await both(
        put({
          pk: S("q"),
          sk: S(sk),
          gpk: S(i % 2 ? "odd" : "even"),
          gsk: N(String(100 - i * 3.5)),
          i: N(String(i)),
          title: S(`t${i}`),
          body: S("x".repeat(i)),
        }),
      );
    }
    await both(put({ pk: S("q"), sk: S("other#1"), i: N("99") }));
    const queries: Record<string, unknown>[] = [
      { KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": S("q") } },
      {
        KeyConditionExpression: "pk = :p AND begins_with(sk, :b)",
        ExpressionAttributeValues: { ":p": S("q"), ":b": S("item#01") },
      },
      {
        KeyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b",
        ExpressionAttributeValues: { ":p": S("q"), ":a": S("item#005"), ":b": S("item#012") },
        ScanIndexForward: false,
      },
      {
        KeyConditionExpression: "sk > :a AND pk = :p",
        ExpressionAttributeValues: { ":p": S("q"), ":a": S("item#020") },
      },
      {
        KeyConditionExpression: "pk = :p AND sk <= :a",
        ExpressionAttributeValues: { ":p": S("q"), ":a": S("item#003") },
        ScanIndexForward: false,
      },
      {
        KeyConditionExpression: "pk = :p",
        FilterExpression: "i > :n",
        ExpressionAttributeValues: { ":p": S("q"), ":n": N("15") },
        Limit: 5,
      },
      {
        KeyConditionExpression: "pk = :p",
        ProjectionExpression: "sk, #t",
        ExpressionAttributeNames: { "#t": "title" },
        ExpressionAttributeValues: { ":p": S("q") },
        Limit: 4,
        ScanIndexForward: false,
      },
      { KeyConditionExpression: "pk = :p", Select: "COUNT", ExpressionAttributeValues: { ":p": S("q") } },
      {
        IndexName: "byGroup",
        KeyConditionExpression: "gpk = :g",
        ExpressionAttributeValues: { ":g": S("odd") },
        Limit: 3,
      },
      {
        IndexName: "byGroup",
        KeyConditionExpression: "gpk = :g AND gsk < :v",
        ExpressionAttributeValues: { ":g": S("even"), ":v": N("60") },
        ScanIndexForward: false,
        Limit: 2,
      },
      {
        IndexName: "byGroup",
        KeyConditionExpression: "gpk = :g",
        FilterExpression: "contains(title, :one)",
        ExpressionAttributeValues: { ":g": S("even"), ":one": S("1") },
        Limit: 4,
      },
      {
        IndexName: "keysOnly",
        KeyConditionExpression: "gpk = :g",
        ExpressionAttributeValues: { ":g": S("odd") },
        Limit: 5,
      },
    ];
    for (const q of queries)
      await allPages((start) => new QueryCommand({ TableName: TABLE, ...q, ExclusiveStartKey: start }));
  });

  it("scans with filters, limits, pagination and segments", async () => {
    for (const p of ["s1", "s2", "s3", "s4", "s5", "s6"]) {
      for (const sk of ["a", "b"])
        await both(put({ pk: S(p), sk: S(sk), v: N(String(p.charCodeAt(1) * 10 + sk.charCodeAt(0))) }));
    }
    const scans: Record<string, unknown>[] = [
      { FilterExpression: "begins_with(pk, :s)", ExpressionAttributeValues: { ":s": S("s") }, Limit: 5 },
      { FilterExpression: "v > :v", ExpressionAttributeValues: { ":v": N("600") }, ProjectionExpression: "pk, v" },
      { IndexName: "byGroup", Limit: 7 },
      { Select: "COUNT" },
    ];
    for (const s of scans)
      await allPages((start) => new ScanCommand({ TableName: TABLE, ...s, ExclusiveStartKey: start }));
    // Segments partition the table: each the same as DynamoDB Local's, together each item once.
    const seen: string[] = [];
    for (const total of [2, 3, 7]) {
      for (let segment = 0; segment < total; segment++) {
        await allPages(
          (start) =>
            new ScanCommand({
              TableName: TABLE,
              Segment: segment,
              TotalSegments: total,
              Limit: 6,
              ExclusiveStartKey: start,
            }),
        );
        await allPages(
          (start) =>
            new ScanCommand({
              TableName: TABLE,
              IndexName: "byGroup",
              Segment: segment,
              TotalSegments: total,
              ExclusiveStartKey: start,
            }),
        );
      }
    }
    for (let segment = 0; segment < 3; segment++) {
      const out = await oursClient.send(new ScanCommand({ TableName: TABLE, Segment: segment, TotalSegments: 3 }));
      seen.push(...(out.Items ?? []).map((i) => `${i.pk?.S}/${i.sk?.S}`));
    }
    const all = await oursClient.send(new ScanCommand({ TableName: TABLE }));
    expect(seen.sort()).toEqual((all.Items ?? []).map((i) => `${i.pk?.S}/${i.sk?.S}`).sort());
  });

  it("scans tables keyed by numbers and by bytes in the same order and segments", async () => {
    const numbers = [
      "0",
      "1",
      "-1",
      "7",
      "10",
      "100",
      "-100",
      "0.5",
      "-0.5",
      "3.14159",
      "-2.71828",
      "1e20",
      "-1e-20",
      "123456789012345678901234567890",
      "99",
      "0.001",
      "-42",
    ];
    const bytes = ["AA==", "AQ==", "/w==", "AAEC", "aGVsbG8=", "d29ybGQ=", "AAAAAA==", "gICA"];
    for (const [table, type, values] of [
      ["numkeys", "N", numbers],
      ["binkeys", "B", bytes],
    ] as const) {
      const create = () =>
        new CreateTableCommand({
          TableName: table,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "k", AttributeType: type }],
          KeySchema: [{ AttributeName: "k", KeyType: "HASH" }],
        });
      await both(create, () => "created");
      for (const v of values) {
        const k = (type === "N" ? { N: v } : { B: Buffer.from(v, "base64") }) as AttributeValue;
        await both(() => new PutItemCommand({ TableName: table, Item: { k, v: S(v) } }));
      }
      await allPages((start) => new ScanCommand({ TableName: table, Limit: 4, ExclusiveStartKey: start }));
      for (let segment = 0; segment < 3; segment++)
        await allPages(
          (start) =>
            new ScanCommand({ TableName: table, Segment: segment, TotalSegments: 3, ExclusiveStartKey: start }),
        );
    }
  });

  it("queries a local secondary index", async () => {
    const create = () =>
      new CreateTableCommand({
        TableName: "lsi",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "N" },
          { AttributeName: "rank", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: "byRank",
            KeySchema: [
              { AttributeName: "pk", KeyType: "HASH" },
              { AttributeName: "rank", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
      });
    await both(create, (o) => ({ status: (o.TableDescription as { TableName: string }).TableName }));
    for (let i = 0; i < 9; i++) {
      const item: Record<string, AttributeValue> = { pk: S("p"), sk: N(String(i * 1.5 - 4)), payload: S(`v${i}`) };
      if (i % 3) item.rank = S(String.fromCharCode(120 - i));
      await both(() => new PutItemCommand({ TableName: "lsi", Item: item }));
    }
    await allPages(
      (start) =>
        new QueryCommand({
          TableName: "lsi",
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
          Limit: 2,
          ExclusiveStartKey: start,
        }),
    );
    await allPages(
      (start) =>
        new QueryCommand({
          TableName: "lsi",
          KeyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b",
          ExpressionAttributeValues: { ":p": S("p"), ":a": N("-2.5"), ":b": N("5") },
          ScanIndexForward: false,
          Limit: 3,
          ExclusiveStartKey: start,
        }),
    );
    await allPages(
      (start) =>
        new QueryCommand({
          TableName: "lsi",
          IndexName: "byRank",
          KeyConditionExpression: "pk = :p AND #r > :r",
          ExpressionAttributeNames: { "#r": "rank" },
          ExpressionAttributeValues: { ":p": S("p"), ":r": S("r") },
          Limit: 2,
          ExclusiveStartKey: start,
        }),
    );
  });

  it("batch writes and gets", async () => {
    await both(
      () =>
        new BatchWriteItemCommand({
          RequestItems: {
            [TABLE]: [
              { PutRequest: { Item: { ...key("b", "1"), v: N("1") } } },
              { PutRequest: { Item: { ...key("b", "2"), v: N("2") } } },
              { DeleteRequest: { Key: key("a", "1") } },
            ],
          },
        }),
    );
    const sortResponses = (o: Record<string, unknown>) => {
      const r = o.Responses as Record<string, { sk: { S: string } }[]>;
      return {
        ...o,
        Responses: Object.fromEntries(
          Object.entries(r).map(([t, items]) => [t, [...items].sort((x, y) => x.sk.S.localeCompare(y.sk.S))]),
        ),
      };
    };
    await both(
      () =>
        new BatchGetItemCommand({
          RequestItems: {
            [TABLE]: {
              Keys: [key("b", "1"), key("b", "2"), key("a", "1"), key("zz", "9")],
              ProjectionExpression: "sk, v",
            },
          },
        }),
      sortResponses,
    );
    await both(
      () =>
        new BatchWriteItemCommand({
          RequestItems: {
            [TABLE]: [{ PutRequest: { Item: key("b", "1") } }, { DeleteRequest: { Key: key("b", "1") } }],
          },
        }),
    );
    await both(() => new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: [key("b", "1"), key("b", "1")] } } }));
  });

  it("answers bad requests with the same errors", async () => {
    const v = (values: Record<string, AttributeValue>) => ({ ExpressionAttributeValues: values });
    const bad: (() => Command)[] = [
      update(key("e", "1"), "SET a = :a +", v({ ":a": N("1") })),
      update(key("e", "1"), "SET a = :nope", v({ ":a": N("1") })),
      update(key("e", "1"), "SET a = :a", v({ ":a": N("1"), ":unused": N("2") })),
      update(key("e", "1"), "SET a = :a", { ...v({ ":a": N("1") }), ExpressionAttributeNames: { "#x": "x" } }),
      update(key("e", "1"), "SET #n = :a", v({ ":a": N("1") })),
      update(key("e", "1"), "SET status = :a", v({ ":a": N("1") })),
      update(key("e", "1"), "SET sk = :a", v({ ":a": S("x") })),
      update(key("e", "1"), "SET a = :a, a.b = :a", v({ ":a": N("1") })),
      update(key("e", "1"), "SET a = :a REMOVE a", v({ ":a": N("1") })),
      update(key("e", "1"), "ADD a :a", v({ ":a": S("x") })),
      update(key("e", "1"), "SET a = :a", v({ ":a": N("not-a-number") })),
      update(key("e", "1"), "DELETE a :a", v({ ":a": N("1") })),
      update(key("e", "1"), "SET a = :a,", v({ ":a": N("1") })),
      update(key("e", "1"), "SET a = = :a", v({ ":a": N("1") })),
      update(key("e", "1"), "SET a = :a SET b = :a", v({ ":a": N("1") })),
      update(key("e", "1"), "SET a = :a", { ...v({ ":a": N("1") }), ConditionExpression: "a == :a" }),
      update(key("e", "1"), "SET a = :a", { ...v({ ":a": N("1") }), ConditionExpression: "a = :a AND" }),
      update(key("e", "1"), "SET a = :a", { ...v({ ":a": N("1") }), ConditionExpression: "a @ :a" }),
      update(key("e", "1"), "SET a = :a", { ...v({ ":a": N("1") }), ConditionExpression: "(a = :a" }),
      put({ pk: S("e"), sk: S("1"), n: N("12abc") }),
      put({ pk: S("e"), sk: S("1"), n: N("1".repeat(39)) }),
      put({ pk: S("e"), sk: S("1"), n: N("1e126") }),
      update(key("e", "1"), "SET a = :a", { ...v({ ":a": N("1") }), ConditionExpression: "a < :b" }),
      update(key("e", "1"), "SET a = :a", {
        ...v({ ":a": N("1"), ":t": { BOOL: true } }),
        ConditionExpression: "a < :t",
      }),
      update(key("e", "1"), "SET a = :a", { ...v({ ":a": N("1"), ":m": { M: {} } }), ConditionExpression: ":m >= a" }),
      update(key("e", "1"), "SET a = :a", {
        ...v({ ":a": N("1"), ":t": { BOOL: true } }),
        ConditionExpression: "a BETWEEN :t AND :t",
      }),
      update(key("e", "1"), "SET a = :a", { ...v({ ":a": N("1") }), ConditionExpression: "foo(a)" }),
      update({ pk: S(""), sk: S("x") }, "SET a = :a", v({ ":a": N("1") })),
      put({ pk: S(""), sk: S("1") }),
      put({ pk: S("e"), sk: S("1"), gpk: S("") }),
      () => new GetItemCommand({ TableName: TABLE, Key: { pk: S("e"), sk: S("") } }),
      put({ pk: S("e"), sk: S("1"), big: S("x".repeat(401 * 1024)) }),
      put({ pk: S("e"), sk: S("1"), s: { SS: [] } }),
      () =>
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: "pk = :p OR sk = :s",
          ExpressionAttributeValues: { ":p": S("x"), ":s": S("x") },
        }),
      () =>
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: "begins_with(pk, :p)",
          ExpressionAttributeValues: { ":p": S("x") },
        }),
      () =>
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": N("1") },
        }),
      () =>
        new QueryCommand({
          TableName: TABLE,
          IndexName: "nope",
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("1") },
        }),
    ];
    for (const command of bad) {
      const out = await both(command);
      expect("error" in out).toBe(true);
    }
    // An update that gives a GSI key attribute the wrong type: the service refuses it as it refuses such a
    // PutItem (above); DynamoDB Local stores it. The stray item is removed again to keep both tables equal.
    await serviceDiffers(update(key("e", "gsi"), "SET gpk = :a", v({ ":a": N("1") })), {
      service: {
        error: "ValidationException",
        message:
          "One or more parameter values were invalid: Type mismatch for Index Key gpk Expected: S Actual: N IndexName: byGroup",
      },
      dynamoDbLocal: { ok: {} },
    });
    await refereeClient.send(new DeleteItemCommand({ TableName: TABLE, Key: key("e", "gsi") }));
    // Errors the service words otherwise than DynamoDB Local (README, "DynamoDB": the service's wording as
    // its users quote it): the service names what is wrong (the key, the index, the attribute) where
    // DynamoDB Local speaks generally.
    const worded: [() => Command, string, string][] = [
      [
        put({ pk: S("e") }),
        "One or more parameter values were invalid: Missing the key sk in the item",
        "One of the required keys was not given a value",
      ],
      [
        update({ pk: S("e") }, "SET a = :a", v({ ":a": N("1") })),
        "The provided key element does not match the schema",
        "The number of conditions on the keys is invalid",
      ],
      [
        update({ pk: N("1"), sk: S("x") }, "SET a = :a", v({ ":a": N("1") })),
        "The provided key element does not match the schema",
        "One or more parameter values were invalid: Type mismatch for key",
      ],
      [
        put({ pk: S("e"), sk: S("1"), gsk: S("wrong type") }),
        "One or more parameter values were invalid: Type mismatch for Index Key gsk Expected: N Actual: S IndexName: byGroup",
        "One or more parameter values were invalid: Type mismatch for Index Key",
      ],
      [
        () =>
          new QueryCommand({
            TableName: TABLE,
            KeyConditionExpression: "sk = :s",
            ExpressionAttributeValues: { ":s": S("x") },
          }),
        "Query condition missed key schema element: pk",
        "Query condition missed key schema element",
      ],
    ];
    for (const [command, service, dynamoDbLocal] of worded) {
      await serviceDiffers(command, {
        service: { error: "ValidationException", message: service },
        dynamoDbLocal: { error: "ValidationException", message: dynamoDbLocal },
      });
    }
    await serviceDiffers(() => new GetItemCommand({ TableName: "no-such-table", Key: key("e", "1") }), {
      service: { error: "ResourceNotFoundException", message: "Requested resource not found" },
      dynamoDbLocal: { error: "ResourceNotFoundException", message: "Cannot do operations on a non-existent table" },
    });
  });

  it("refuses table and index names as the service does", async () => {
    const create =
      (name: string, index = "idx") =>
      () =>
        new CreateTableCommand({
          TableName: name,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "g", AttributeType: "S" },
          ],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          GlobalSecondaryIndexes: [
            {
              IndexName: index,
              KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        });
    for (const command of [
      create("ab"),
      create("bad name!"),
      create("x".repeat(256)),
      create("good.name-1_", "ix"),
      create("good.name-2_", "bad index"),
    ]) {
      const out = await both(command, () => "created");
      expect("error" in out).toBe(true);
    }
    // The data-plane operations take a table name or ARN of 1 to 1024 characters (API reference, since table
    // ARNs were accepted); DynamoDB Local still applies CreateTable's name rule to them.
    for (const command of [
      () => new GetItemCommand({ TableName: "ab", Key: { pk: S("x") } }),
      () => new ScanCommand({ TableName: "y".repeat(256) }),
    ]) {
      await serviceDiffers(command, {
        service: { error: "ResourceNotFoundException", message: "Requested resource not found" },
        dynamoDbLocal: {
          error: "ValidationException",
          message:
            "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'",
        },
      });
    }
  });

  it("describes, lists and deletes tables alike", async () => {
    const pick = (o: Record<string, unknown>) => {
      const t = (o.Table ?? o.TableDescription) as Record<string, unknown>;
      return {
        KeySchema: t.KeySchema,
        AttributeDefinitions: t.AttributeDefinitions,
        TableName: t.TableName,
        Indexes: (t.GlobalSecondaryIndexes as Record<string, unknown>[]).map((g) => [
          g.IndexName,
          g.KeySchema,
          g.Projection,
          g.IndexStatus,
        ]),
      };
    };
    await both(() => new DescribeTableCommand({ TableName: TABLE }), pick);
    await both(() => new ListTablesCommand({}));
    await serviceDiffers(
      () =>
        new CreateTableCommand({
          TableName: TABLE,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        }),
      {
        service: { error: "ResourceInUseException", message: `Table already exists: ${TABLE}` },
        dynamoDbLocal: { error: "ResourceInUseException", message: "Cannot create preexisting table" },
      },
    );
    // A missing table: the service names it for the table operations; DynamoDB Local words it its own way.
    for (const command of [
      () => new DeleteTableCommand({ TableName: "no-such-table" }),
      () => new DescribeTableCommand({ TableName: "no-such-table" }),
    ]) {
      await serviceDiffers(command, {
        service: {
          error: "ResourceNotFoundException",
          message: "Requested resource not found: Table: no-such-table not found",
        },
        dynamoDbLocal: { error: "ResourceNotFoundException", message: "Cannot do operations on a non-existent table" },
      });
    }
  });
});

// The same expectations on both backends: DynamoDB Local checks that they are the service's.
const BACKENDS = [
  ["our server", () => ({ client: oursClient, endpoint: ours.endpoint })],
  ["DynamoDB Local", () => ({ client: refereeClient, endpoint: referee.endpoint })],
] as const;

describe.each(BACKENDS)("transactions, conditions and TTL on %s", (_name, backend) => {
  const T = "txn";
  let c: DynamoDBClient;
  beforeAll(async () => {
    c = backend().client;
    await c.send(
      new CreateTableCommand({
        TableName: T,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );
  });

  it("TransactWriteItems is all-or-nothing and names the failing item", async () => {
    await c.send(new PutItemCommand({ TableName: T, Item: { id: S("acct-a"), balance: N("10") } }));
    await c.send(new PutItemCommand({ TableName: T, Item: { id: S("acct-b"), balance: N("0") } }));
    const transfer = (amount: string) =>
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: T,
              Key: { id: S("acct-b") },
              UpdateExpression: "ADD balance :a",
              ExpressionAttributeValues: { ":a": N(amount) },
            },
          },
          {
            Update: {
              TableName: T,
              Key: { id: S("acct-a") },
              UpdateExpression: "SET balance = balance - :a",
              ConditionExpression: "balance >= :a",
              ExpressionAttributeValues: { ":a": N(amount) },
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
          { Put: { TableName: T, Item: { id: S("log"), last: N(amount) } } },
        ],
        ClientRequestToken: `transfer-${amount}`,
      });
    await c.send(transfer("7"));
    const err = await c.send(transfer("5")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionCanceledException);
    const cancelled = err as TransactionCanceledException;
    expect(cancelled.message).toBe(
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]",
    );
    expect(cancelled.CancellationReasons).toEqual([
      { Code: "None" },
      {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        Item: { id: S("acct-a"), balance: N("3") },
      },
      { Code: "None" },
    ]);
    const read = await c.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: T, Key: { id: S("acct-a") } } },
          { Get: { TableName: T, Key: { id: S("acct-b") }, ProjectionExpression: "balance" } },
          { Get: { TableName: T, Key: { id: S("log") } } },
          { Get: { TableName: T, Key: { id: S("missing") } } },
        ],
      }),
    );
    expect(read.Responses).toEqual([
      { Item: { id: S("acct-a"), balance: N("3") } },
      { Item: { balance: N("7") } },
      { Item: { id: S("log"), last: N("7") } },
      {},
    ]);
    // The same token again is the same transaction: not applied twice.
    await c.send(transfer("7"));
    const again = await c.send(new GetItemCommand({ TableName: T, Key: { id: S("acct-b") } }));
    expect(again.Item?.balance).toEqual(N("7"));
  });

  it("TransactWriteItems refuses two operations on one item, and ConditionCheck takes part", async () => {
    const twice = c.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: T, Item: { id: S("x") } } },
          { Delete: { TableName: T, Key: { id: S("x") } } },
        ],
      }),
    );
    await expect(twice).rejects.toMatchObject({
      name: "ValidationException",
      message: "Transaction request cannot include multiple operations on one item",
    });
    const checked = c.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: T,
              Key: { id: S("acct-a") },
              ConditionExpression: "balance > :v",
              ExpressionAttributeValues: { ":v": N("100") },
            },
          },
          { Delete: { TableName: T, Key: { id: S("log") } } },
        ],
      }),
    );
    await expect(checked).rejects.toMatchObject({
      name: "TransactionCanceledException",
      CancellationReasons: [{ Code: "ConditionalCheckFailed" }, { Code: "None" }],
    });
    expect((await c.send(new GetItemCommand({ TableName: T, Key: { id: S("log") } }))).Item).toBeDefined();
  });

  it("puts the old item into a ConditionalCheckFailedException when asked", async () => {
    const failed = c.send(
      new PutItemCommand({
        TableName: T,
        Item: { id: S("acct-a") },
        ConditionExpression: "attribute_not_exists(id)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    await expect(failed).rejects.toMatchObject({
      name: "ConditionalCheckFailedException",
      Item: { id: S("acct-a"), balance: N("3") },
    });
  });

  it("TTL: enabled per table, described, refused when already on", async () => {
    await c.send(
      new UpdateTimeToLiveCommand({ TableName: T, TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true } }),
    );
    const described = await c.send(new DescribeTimeToLiveCommand({ TableName: T }));
    expect(described.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "ttl" });
    await expect(
      c.send(
        new UpdateTimeToLiveCommand({ TableName: T, TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true } }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "TimeToLive is already enabled",
    });
    await expect(
      c.send(
        new UpdateTimeToLiveCommand({
          TableName: T,
          TimeToLiveSpecification: { AttributeName: "other", Enabled: false },
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException" });
    await expect(c.send(new DescribeTimeToLiveCommand({ TableName: "no-such-table" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});

describe("the TTL sweep, persistence and the raw wire (mostly our server: DynamoDB Local cannot show them)", () => {
  const T = "txn";

  it("TTL: the sweep deletes expired items and keeps the rest", async () => {
    // TTL is on for this table since the test above (DynamoDB Local deletes expired items only after a
    // delay of its own, so the sweep is shown here on ours).
    const now = Math.floor(Date.now() / 1000);
    await oursClient.send(new PutItemCommand({ TableName: T, Item: { id: S("old"), ttl: N(String(now - 60)) } }));
    await oursClient.send(new PutItemCommand({ TableName: T, Item: { id: S("young"), ttl: N(String(now + 3600)) } }));
    await oursClient.send(new PutItemCommand({ TableName: T, Item: { id: S("text-ttl"), ttl: S("yesterday") } }));
    await vi.waitFor(
      async () => {
        const got = await oursClient.send(new GetItemCommand({ TableName: T, Key: { id: S("old") } }));
        expect(got.Item).toBeUndefined();
      },
      { timeout: 10_000, interval: 100 },
    );
    for (const id of ["young", "text-ttl"]) {
      expect((await oursClient.send(new GetItemCommand({ TableName: T, Key: { id: S(id) } }))).Item).toBeDefined();
    }
  });

  it("persists tables, items, indexes and TTL settings across a restart with the same dir", async () => {
    const dataDir = join(dir, "restart");
    let server = await startDynamo({ dir: dataDir, port: 0, host: "127.0.0.1" });
    let c = client(server.endpoint);
    await ensureTable(server.endpoint, "us-east-1", "jobs");
    for (let i = 0; i < 5; i++) {
      await c.send(
        new PutItemCommand({
          TableName: "jobs",
          Item: { pk: S(`job#${i}`), sk: S("job"), gsi1pk: S("user#1"), gsi1sk: S(`job#${i}`), n: N(String(i)) },
        }),
      );
    }
    await c.send(new DeleteItemCommand({ TableName: "jobs", Key: { pk: S("job#0"), sk: S("job") } }));
    await c.send(
      new UpdateItemCommand({
        TableName: "jobs",
        Key: { pk: S("job#1"), sk: S("job") },
        UpdateExpression: "SET n = :n",
        ExpressionAttributeValues: { ":n": N("100") },
      }),
    );
    await c.send(
      new UpdateTimeToLiveCommand({
        TableName: "jobs",
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      }),
    );
    c.destroy();
    await server.stop();

    for (let round = 0; round < 2; round++) {
      server = await startDynamo({ dir: dataDir, port: 0, host: "127.0.0.1" });
      c = client(server.endpoint);
      await ensureTable(server.endpoint, "us-east-1", "jobs");
      const q = await c.send(
        new QueryCommand({
          TableName: "jobs",
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :u",
          ExpressionAttributeValues: { ":u": S("user#1") },
          ScanIndexForward: false,
        }),
      );
      expect(q.Items?.map((i) => [i.pk?.S, i.n?.N])).toEqual([
        ["job#4", "4"],
        ["job#3", "3"],
        ["job#2", "2"],
        ["job#1", "100"],
      ]);
      expect(
        (await c.send(new DescribeTimeToLiveCommand({ TableName: "jobs" }))).TimeToLiveDescription?.TimeToLiveStatus,
      ).toBe("ENABLED");
      await c.send(new PutItemCommand({ TableName: "jobs", Item: { pk: S(`round#${round}`), sk: S("r") } }));
      c.destroy();
      await server.stop();
    }
    server = await startDynamo({ dir: dataDir, port: 0, host: "127.0.0.1" });
    c = client(server.endpoint);
    const all = await c.send(new ScanCommand({ TableName: "jobs", Select: "COUNT" }));
    expect(all.Count).toBe(6);
    c.destroy();
    await server.stop();
  });

  it("keeps attribute names like __proto__ and constructor as plain attributes (dynalite refuses them)", async () => {
    // Raw JSON on the wire: the SDK's own (de)serialisers do not keep an attribute called __proto__.
    const call = async (op: string, body: unknown) =>
      (
        await fetch(ours.endpoint, {
          method: "POST",
          headers: { "X-Amz-Target": `DynamoDB_20120810.${op}` },
          body: JSON.stringify(body),
        })
      ).text();
    const item = '{"id":{"S":"proto"},"__proto__":{"S":"not a prototype"},"constructor":{"M":{"__proto__":{"N":"1"}}}}';
    await call("PutItem", JSON.parse(`{"TableName":"${T}","Item":${item}}`));
    expect(await call("GetItem", { TableName: T, Key: { id: S("proto") } })).toBe(`{"Item":${item}}`);
    const updated = await call("UpdateItem", {
      TableName: T,
      Key: { id: S("proto") },
      UpdateExpression: "SET #c.#p = :v",
      ConditionExpression: "attribute_exists(#p) AND attribute_not_exists(#c.#c)",
      ExpressionAttributeNames: { "#p": "__proto__", "#c": "constructor" },
      ExpressionAttributeValues: { ":v": S("two") },
      ReturnValues: "UPDATED_NEW",
    });
    expect(updated).toBe('{"Attributes":{"constructor":{"M":{"__proto__":{"S":"two"}}}}}');
  });

  it("answers an unknown operation and malformed JSON like DynamoDB", async () => {
    const post = (target: string, body: string) =>
      fetch(ours.endpoint, {
        method: "POST",
        headers: { "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0" },
        body,
      });
    const unknown = await post("DynamoDB_20120810.FlyToTheMoon", "{}");
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toMatch(/#UnknownOperationException$/);
    const malformed = await post("DynamoDB_20120810.GetItem", "{not json");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { __type: string }).__type).toMatch(/#SerializationException$/);
    const failed = await post(
      "DynamoDB_20120810.PutItem",
      JSON.stringify({ TableName: T, Item: { id: { S: "acct-a" } }, ConditionExpression: "attribute_not_exists(id)" }),
    );
    expect(failed.status).toBe(400);
    expect(await failed.json()).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
      message: "The conditional request failed",
    });
  });

  it("on the raw wire: DynamoDB Local also refuses an unknown operation, but fails on malformed JSON with a 500", async () => {
    // DynamoDB Local wants a SigV4-shaped Authorization header (it does not check the signature).
    const auth =
      "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0";
    const post = async (endpoint: string, target: string, body: string) => {
      const r = await fetch(endpoint, {
        method: "POST",
        headers: { "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0", Authorization: auth },
        body,
      });
      return { status: r.status, error: ((await r.json()) as { __type: string }).__type.split("#")[1] };
    };
    for (const endpoint of [ours.endpoint, referee.endpoint]) {
      expect(await post(endpoint, "DynamoDB_20120810.FlyToTheMoon", "{}")).toEqual({
        status: 400,
        error: "UnknownOperationException",
      });
    }
    // The service answers a body that is not a JSON object with 400 SerializationException (ours, above).
    expect(await post(referee.endpoint, "DynamoDB_20120810.GetItem", "{not json")).toEqual({
      status: 500,
      error: "InternalFailure",
    });
  });
});

describe.each(BACKENDS)("ElectroDB with the project's entities on %s", (_name, backend) => {
  const TABLE_NAME = "electro";
  let jobs: JobEntity;

  beforeAll(async () => {
    const { client: c, endpoint } = backend();
    await ensureTable(endpoint, "us-east-1", TABLE_NAME);
    jobs = createTable(c, TABLE_NAME).entities.job;
  });

  const job = (n: number, userId = "user-1") => ({
    jobId: `01JOB${String(n).padStart(4, "0")}`,
    userId,
    code: `print(${n})`,
    limits: { wallMs: 10_000, memoryMb: 256, outputBytes: 65_536 },
    state: "queued" as const,
    attempt: 0,
    createdAt: 1_700_000_000_000 + n,
    expiresAt: 1_700_600_000 + n,
  });

  it("creates, gets, patches with a where clause, queries byUser newest first with a cursor, scans with where", async () => {
    for (let n = 0; n < 7; n++) await jobs.create(job(n)).go();
    await jobs.create(job(100, "user-2")).go();
    await expect(jobs.create(job(3)).go()).rejects.toSatisfy(isConditionFailure);

    const got = await jobs.get({ jobId: job(2).jobId }).go();
    expect(got.data).toMatchObject({ jobId: job(2).jobId, state: "queued", limits: { memoryMb: 256 } });

    const patched = await jobs
      .patch({ jobId: job(2).jobId })
      .set({ state: "running", startedAt: 5 })
      .add({ attempt: 1 })
      .where(({ state }, { eq }) => eq(state, "queued"))
      .go({ response: "all_new" });
    expect(patched.data).toMatchObject({ state: "running", attempt: 1, startedAt: 5 });
    const again = jobs
      .patch({ jobId: job(2).jobId })
      .set({ state: "running" })
      .where(({ state }, { eq }) => eq(state, "queued"))
      .go();
    await expect(again).rejects.toSatisfy(isConditionFailure);
    await expect(jobs.patch({ jobId: "does-not-exist" }).set({ state: "running" }).go()).rejects.toSatisfy(
      isConditionFailure,
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { jobId: string }[]; cursor: string | null } = await jobs.query
        .byUser({ userId: "user-1" })
        .go({ order: "desc", limit: 3, cursor });
      seen.push(...page.data.map((j) => j.jobId));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((n) => job(n).jobId));

    const running = await jobs.scan.where(({ state }, { eq }) => eq(state, "running")).go({ pages: "all" });
    expect(running.data.map((j) => j.jobId)).toEqual([job(2).jobId]);

    await jobs.delete({ jobId: job(6).jobId }).go();
    const first = await jobs.query.byUser({ userId: "user-1" }).go({ order: "desc", limit: 1 });
    expect(first.data[0]?.jobId).toBe(job(5).jobId);
  });
});
