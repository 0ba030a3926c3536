import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { closeServer, listen, LOCAL_CREDENTIALS } from "../net";

export interface DynamoEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * DynamoDB twin: dynalite in-process, persisted to LevelDB under `dir` so a restart keeps the jobs.
 * The table/state delays default to 500 ms each; zero keeps start-up well under a second.
 */
export async function startDynamo(opts: { dir: string; port: number; host: string }): Promise<DynamoEmulator> {
  await mkdir(opts.dir, { recursive: true });
  const server: Server = dynalite({ path: opts.dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server, "dynamodb", opts.port, opts.host);
  return { endpoint: `http://${opts.host}:${port}`, stop: () => closeServer(server) };
}

/**
 * The single table of the design (pk/sk + gsi1), created only when missing so data survives restarts.
 * No UpdateTimeToLive: dynalite lacks it, and core filters expired items on read anyway.
 */
export async function ensureTable(endpoint: string, region: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
            { AttributeName: "gsi1pk", AttributeType: "S" },
            { AttributeName: "gsi1sk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: "gsi1",
              KeySchema: [
                { AttributeName: "gsi1pk", KeyType: "HASH" },
                { AttributeName: "gsi1sk", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        }),
      );
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    // Even with createTableMs 0 the table flips to ACTIVE on a timer; writes before that fail.
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
