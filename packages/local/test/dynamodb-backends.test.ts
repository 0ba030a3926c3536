import { join } from "node:path";
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createTable, isConditionFailure, type JobEntity } from "@code-remote/core/store";
import { ensureTable, startDynamo } from "../src/emulators/dynamo";
import { dynamoClient, N, S, useDynamoPair } from "./support/dynamodb-pair";

// Conformance of our DynamoDB server, refereed by AWS's own DynamoDB Local (README: "DynamoDB"), part two
// (part one, the differential, is dynamodb-differential.test.ts):
// - transactions, cancellation reasons, TTL settings and ElectroDB with the project's entities run
//   against each backend with explicit expectations, so the expectations are themselves checked on AWS's
//   implementation;
// - what DynamoDB Local cannot show (TTL deletion, persistence across restarts) runs on ours alone.

const db = useDynamoPair();

describe.each(db.backends)("transactions, conditions and TTL on %s", (_name, backend) => {
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
    await db.oursClient.send(new PutItemCommand({ TableName: T, Item: { id: S("old"), ttl: N(String(now - 60)) } }));
    await db.oursClient.send(
      new PutItemCommand({ TableName: T, Item: { id: S("young"), ttl: N(String(now + 3600)) } }),
    );
    await db.oursClient.send(new PutItemCommand({ TableName: T, Item: { id: S("text-ttl"), ttl: S("yesterday") } }));
    await vi.waitFor(
      async () => {
        const got = await db.oursClient.send(new GetItemCommand({ TableName: T, Key: { id: S("old") } }));
        expect(got.Item).toBeUndefined();
      },
      { timeout: 10_000, interval: 100 },
    );
    for (const id of ["young", "text-ttl"]) {
      expect((await db.oursClient.send(new GetItemCommand({ TableName: T, Key: { id: S(id) } }))).Item).toBeDefined();
    }
  });

  it("persists tables, items, indexes and TTL settings across a restart with the same dir", async () => {
    const dataDir = join(db.dir, "restart");
    let server = await startDynamo({ dir: dataDir, port: 0, host: "127.0.0.1" });
    let c = dynamoClient(server.endpoint);
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
      c = dynamoClient(server.endpoint);
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
    c = dynamoClient(server.endpoint);
    const all = await c.send(new ScanCommand({ TableName: "jobs", Select: "COUNT" }));
    expect(all.Count).toBe(6);
    c.destroy();
    await server.stop();
  });

  it("keeps attribute names like __proto__ and constructor as plain attributes (dynalite refuses them)", async () => {
    // Raw JSON on the wire: the SDK's own (de)serialisers do not keep an attribute called __proto__.
    const call = async (op: string, body: unknown) =>
      (
        await fetch(db.ours.endpoint, {
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
      fetch(db.ours.endpoint, {
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
    for (const endpoint of [db.ours.endpoint, db.referee.endpoint]) {
      expect(await post(endpoint, "DynamoDB_20120810.FlyToTheMoon", "{}")).toEqual({
        status: 400,
        error: "UnknownOperationException",
      });
    }
    // The service answers a body that is not a JSON object with 400 SerializationException (ours, above).
    expect(await post(db.referee.endpoint, "DynamoDB_20120810.GetItem", "{not json")).toEqual({
      status: 500,
      error: "InternalFailure",
    });
  });
});

describe.each(db.backends)("ElectroDB with the project's entities on %s", (_name, backend) => {
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
