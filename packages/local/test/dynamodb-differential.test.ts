import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createDiffTable,
  get,
  key,
  N,
  put,
  S,
  TABLE,
  update,
  useDynamoPair,
  type Command,
} from "./support/dynamodb-pair";

// Conformance of our DynamoDB server, refereed by AWS's own DynamoDB Local (README: "DynamoDB"), part one:
// the same SDK commands go to both, and the answers must be the same, errors included (name and message).
// Part two, with explicit expectations run on each backend, is dynamodb-backends.test.ts.

const db = useDynamoPair();
const { both, serviceDiffers, allPages } = db;

beforeAll(async () => {
  await createDiffTable(db.oursClient);
  await createDiffTable(db.refereeClient);
});

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
      const out = await db.oursClient.send(new ScanCommand({ TableName: TABLE, Segment: segment, TotalSegments: 3 }));
      seen.push(...(out.Items ?? []).map((i) => `${i.pk?.S}/${i.sk?.S}`));
    }
    const all = await db.oursClient.send(new ScanCommand({ TableName: TABLE }));
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
    await db.refereeClient.send(new DeleteItemCommand({ TableName: TABLE, Key: key("e", "gsi") }));
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
