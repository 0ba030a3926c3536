// Ad-hoc: 2,000 sequential ElectroDB-style UpdateItem calls through the SDK, our server vs dynalite and
// AWS's DynamoDB Local (the referee; needs Java).
// Run: npx tsx packages/local/test/support/dynamodb-latency.ts  (prints the median and p90 per server)
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { ensureTable } from "../../src/emulators/dynamo";
import { createDynamoServer } from "../../src/emulators/dynamodb/server";
import { startDynamoDbLocal } from "../../src/emulators/dynamodb-local";
import { closeServer, listen, LOCAL_CREDENTIALS } from "../../src/net";

const CALLS = 2000;
const TABLE = "latency";

async function measure(endpoint: string): Promise<number[]> {
  await ensureTable(endpoint, "us-east-1", TABLE);
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: LOCAL_CREDENTIALS });
  const key = { pk: { S: "$coderemote#jobid_01jlatency" }, sk: { S: "$job_1" } };
  await client.send(
    new PutItemCommand({ TableName: TABLE, Item: { ...key, state: { S: "queued" }, attempt: { N: "0" } } }),
  );
  const times: number[] = [];
  for (let i = 0; i < CALLS + 200; i++) {
    const started = process.hrtime.bigint();
    // The shape ElectroDB sends for patch().set().add().where(): names and values as placeholders.
    await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression:
          "SET #state = :state_u0, #startedAt = :startedAt_u0, #jobId = :jobId_u0 ADD #attempt :attempt_u0",
        ConditionExpression:
          "(attribute_exists(#pk) AND attribute_exists(#sk)) AND (#state = :state0 OR #state = :state1)",
        ExpressionAttributeNames: {
          "#state": "state",
          "#startedAt": "startedAt",
          "#attempt": "attempt",
          "#pk": "pk",
          "#sk": "sk",
          "#jobId": "jobId",
        },
        ExpressionAttributeValues: {
          ":state_u0": { S: i % 2 ? "queued" : "running" },
          ":startedAt_u0": { N: String(Date.now()) },
          ":attempt_u0": { N: "1" },
          ":jobId_u0": { S: "01jlatency" },
          ":state0": { S: "queued" },
          ":state1": { S: "running" },
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    if (i >= 200) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  client.destroy();
  return times.sort((a, b) => a - b);
}

const pct = (t: number[], p: number) => (t[Math.floor(t.length * p)] as number).toFixed(3);

const dir = mkdtempSync(join(tmpdir(), "cr-latency-"));
try {
  const ours = await createDynamoServer({ dir: join(dir, "ours") });
  // Server time: from the request body fully read to the response handed to the socket (the wait for the
  // client's body bytes is the client's time, not ours).
  const serverTimes: number[] = [];
  ours.server.on("request", (req, res) => {
    let started = 0n;
    req.prependListener("end", () => (started = process.hrtime.bigint()));
    res.on("finish", () => serverTimes.push(Number(process.hrtime.bigint() - started) / 1e6));
  });
  const ourPort = await listen(ours.server, "dynamodb", 0, "127.0.0.1");
  const mine = await measure(`http://127.0.0.1:${ourPort}`);
  await closeServer(ours.server);
  await ours.shutdown();
  const serverSide = serverTimes.slice(-CALLS).sort((a, b) => a - b);

  const server: Server = dynalite({
    path: join(dir, "dynalite"),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const port = await listen(server, "dynamodb", 0, "127.0.0.1");
  const theirs = await measure(`http://127.0.0.1:${port}`);
  await closeServer(server);

  const referee = await startDynamoDbLocal();
  const local = await measure(referee.endpoint);
  await referee.stop();

  console.log(`UpdateItem through the SDK, ${CALLS} sequential calls (after 200 warm-up), ms:`);
  console.log(
    `  ours     median ${pct(mine, 0.5)}  p90 ${pct(mine, 0.9)}  (server time alone: median ${pct(serverSide, 0.5)}  p90 ${pct(serverSide, 0.9)})`,
  );
  console.log(
    `  dynalite median ${pct(theirs, 0.5)}  p90 ${pct(theirs, 0.9)}  (LevelDB under a data dir, as the stack ran it)`,
  );
  console.log(`  DynamoDB Local median ${pct(local, 0.5)}  p90 ${pct(local, 0.9)}  (in memory, on Java)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
