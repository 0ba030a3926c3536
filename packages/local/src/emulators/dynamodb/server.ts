import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { crc32 } from "node:zlib";
import { Database } from "./database";
import { DynamoError } from "./errors";
import type { Operation, Request } from "./operations/common";
import { batchGetItem, batchWriteItem, deleteItem, getItem, putItem, updateItem } from "./operations/items";
import { query, scan } from "./operations/read";
import {
  createTable,
  deleteTable,
  describeTable,
  describeTimeToLive,
  listTables,
  updateTimeToLive,
} from "./operations/tables";
import { transactGetItems, transactWriteItems } from "./operations/transact";
import { Journal } from "./persistence";

const OPERATIONS: Record<string, Operation> = {
  CreateTable: createTable,
  DescribeTable: describeTable,
  DeleteTable: deleteTable,
  ListTables: listTables,
  UpdateTimeToLive: updateTimeToLive,
  DescribeTimeToLive: describeTimeToLive,
  PutItem: putItem,
  GetItem: getItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  Query: query,
  Scan: scan,
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
};

const TARGET_PREFIX = "DynamoDB_20120810.";
/** DynamoDB's own request limit is 16 MB (BatchWriteItem); beyond that we stop reading. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const TTL_SWEEP_MS = 1000;

export interface DynamoServer {
  server: Server;
  db: Database;
  /** Stop the TTL sweep and flush the journal; the caller closes the HTTP server first. */
  shutdown(): Promise<void>;
}

/** The region the client signed for (from SigV4's credential scope), so ARNs name it. */
function regionOf(req: IncomingMessage): string {
  const m = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? "");
  return m?.[1] ?? "us-east-1";
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const bytes = Buffer.from(text, "utf8");
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.0",
    "Content-Length": bytes.length,
    "x-amzn-RequestId": randomUUID(),
    "x-amz-crc32": String(crc32(bytes)),
  });
  res.end(bytes);
}

function handle(db: Database, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const target = String(req.headers["x-amz-target"] ?? "");
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
  const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  try {
    if (!operation) throw new DynamoError("UnknownOperationException", "");
    let parsed: unknown;
    try {
      parsed = body.length ? JSON.parse(body.toString("utf8")) : {};
    } catch {
      throw new DynamoError("SerializationException", "Start of structure or map found where not expected.");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new DynamoError("SerializationException", "Start of structure or map found where not expected.");
    }
    const request: Request = { db, body: parsed as Record<string, unknown>, region: regionOf(req) };
    send(res, 200, operation(request));
  } catch (err) {
    if (err instanceof DynamoError) return send(res, err.status, err.body());
    // Our bug, not the caller's: say so the way DynamoDB does, and keep serving.
    console.error("dynamodb server: internal error", err);
    send(res, 500, {
      __type: "com.amazonaws.dynamodb.v20120810#InternalServerError",
      message: "Internal server error",
    });
  }
}

/**
 * A DynamoDB JSON-protocol server over HTTP, in memory, persisted under `dir` when given. Each request is
 * handled synchronously once its body is read, so every operation is atomic against every other.
 */
export async function createDynamoServer(opts: { dir?: string } = {}): Promise<DynamoServer> {
  let journal: Journal | undefined;
  const db = new Database((r) => journal?.append(r));
  if (opts.dir) journal = await Journal.open(opts.dir, db);

  const server = createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("healthy: dynamodb.local");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        send(res, 413, {
          __type: "com.amazon.coral.service#RequestEntityTooLargeException",
          message: "Request entity too large",
        });
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (size <= MAX_BODY_BYTES)
        handle(db, req, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), res);
    });
    req.on("error", () => res.destroy());
  });
  server.keepAliveTimeout = 60_000;

  const sweep = setInterval(() => {
    try {
      db.sweepExpired(Date.now() / 1000);
    } catch (err) {
      console.error("dynamodb server: TTL sweep failed", err);
    }
  }, TTL_SWEEP_MS);
  sweep.unref();

  return {
    server,
    db,
    async shutdown() {
      clearInterval(sweep);
      await journal?.close();
      journal = undefined;
    },
  };
}
