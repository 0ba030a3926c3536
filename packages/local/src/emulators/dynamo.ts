import { mkdir } from "node:fs/promises";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import { TABLE_KEYS } from "@code-remote/core/store";
import { closeServer, listen, LOCAL_CREDENTIALS } from "../net";
import { createDynamoServer } from "./dynamodb/server";

export interface DynamoEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * DynamoDB twin: our own in-memory DynamoDB-protocol server (./dynamodb), persisted as JSON lines under
 * `dir` so a restart keeps the jobs. Tables are ACTIVE as soon as CreateTable returns.
 */
export async function startDynamo(opts: { dir: string; port: number; host: string }): Promise<DynamoEmulator> {
  await mkdir(opts.dir, { recursive: true });
  const dynamo = await createDynamoServer({ dir: opts.dir });
  let port: number;
  try {
    port = await listen(dynamo.server, "dynamodb", opts.port, opts.host);
  } catch (err) {
    await dynamo.shutdown();
    throw err;
  }
  return {
    endpoint: `http://${opts.host}:${port}`,
    stop: async () => {
      await closeServer(dynamo.server);
      await dynamo.shutdown();
    },
  };
}

/**
 * The single table of the design, from the same key schema as infra/storage.ts (TABLE_KEYS), created only when missing so data survives restarts.
 * TTL stays off: the server supports it, but tests drive the store with fixed clocks whose `expiresAt`
 * lies in the real past, and core already treats an expired item as absent on read.
 */
export async function ensureTable(endpoint: string, region: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: "PAY_PER_REQUEST",
          ...createTableKeys(),
        }),
      );
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    // Real DynamoDB (and dynalite) create tables asynchronously; waiting for ACTIVE keeps this portable.
    for (let i = 0; i < 100; i++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const indexesReady = (Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === "ACTIVE");
      if (Table?.TableStatus === "ACTIVE" && indexesReady) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`table ${tableName} did not become ACTIVE`);
  } finally {
    client.destroy();
  }
}

/** CreateTable's key arguments, from the key schema SST's Dynamo component is given. */
export function createTableKeys() {
  const { fields, primaryIndex, globalIndexes } = TABLE_KEYS;
  const types = { string: "S", number: "N", binary: "B" } as const;
  return {
    AttributeDefinitions: Object.entries(fields).map(([AttributeName, type]) => ({
      AttributeName,
      AttributeType: types[type],
    })),
    KeySchema: [
      { AttributeName: primaryIndex.hashKey, KeyType: "HASH" as const },
      { AttributeName: primaryIndex.rangeKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([IndexName, index]) => ({
      IndexName,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: "HASH" as const },
        { AttributeName: index.rangeKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
  };
}
