/**
 * Where one job's milliseconds go (not a test): sequential print("hi") jobs through the local stack,
 * with every AWS SDK call the stack makes timed, in order, relative to the job's POST. Prints the
 * median of each step over the measured jobs, next to the POST's and the final frame's medians.
 * Run: npx tsx bench/stages.ts [--jobs N] [--gap MS]   (--gap: pause after each job, default 20;
 * 0 is back to back, as in `npm run bench`, where the previous job's tail and the next child's
 * entry into the sandbox share the CPUs with this job)
 */
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { RoutedSandbox } from "@code-remote/sandbox";
import { apiClient, Socket } from "../packages/local/test/support/client";
import { NO_LIMITS, startTestStack } from "../packages/local/test/support/stack";
import { ms, summary } from "./stats";

process.env.AWS_EC2_METADATA_DISABLED ??= "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const at = process.argv.indexOf("--jobs");
const JOBS = at > 0 ? Number(process.argv[at + 1]) : 60;
const gapAt = process.argv.indexOf("--gap");
const GAP_MS = gapAt > 0 ? Number(process.argv[gapAt + 1]) : 20;
const WARM_UP = 10;

// Every client class the handlers use, wrapped once: each call is recorded as [start, end, name].
let t0 = 0;
let calls: Array<[number, number, string]> = [];
type Send = (
  command: { constructor: { name: string }; input?: { IndexName?: string } },
  ...rest: unknown[]
) => Promise<unknown>;
for (const Client of [DynamoDBClient, SQSClient, ApiGatewayManagementApiClient]) {
  const proto = Client.prototype as unknown as { send: Send };
  const send = proto.send;
  proto.send = async function (this: unknown, command, ...rest) {
    const start = performance.now() - t0;
    try {
      return await send.call(this, command, ...rest);
    } finally {
      const name =
        command.constructor.name.replace(/Command$/, "") +
        (command.input?.IndexName ? ` ${command.input.IndexName}` : "");
      // A long poll spans jobs, and a call started before this job's POST is the previous job's tail.
      if (name !== "ReceiveMessage" && start >= 0) calls.push([start, performance.now() - t0, name]);
    }
  };
}

// The stack's own kind of sandbox, given to it so its run() shows in the timeline too.
const sandbox = new RoutedSandbox();
await sandbox.start();
const run = sandbox.run.bind(sandbox);
sandbox.run = async (request, options) => {
  const start = performance.now() - t0;
  try {
    return await run(request, options);
  } finally {
    calls.push([start, performance.now() - t0, "sandbox.run"]);
  }
};
// The production limit on queued jobs (its check reads that many of the user's newest jobs).
const stack = await startTestStack({ sandbox, settings: { ...NO_LIMITS, CR_LIMIT_MAX_QUEUED_PER_USER: "20" } });
try {
  const api = apiClient(stack.urls.api);
  const { idToken } = await stack.signIn(stack.auth.demoUser.username, stack.auth.demoUser.password);
  const socket = await Socket.open(stack.urls.ws, idToken);
  const steps = new Map<string, { starts: number[]; ends: number[] }>();
  const posts: number[] = [];
  const finals: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < WARM_UP + JOBS; i++) {
    t0 = performance.now();
    calls = [];
    const r = await api("/execute", { token: idToken, body: { code: 'print("hi")' } });
    const posted = performance.now() - t0;
    const { job } = await socket.waitForFinal(r.body.job.jobId, 60_000);
    const final = performance.now() - t0;
    await new Promise((res) => setTimeout(res, GAP_MS)); // by default, the final push's own call completes
    if (i < WARM_UP) continue;
    posts.push(posted);
    finals.push(final);
    walls.push(job.result?.usage.wallMs ?? NaN);
    calls
      .sort((a, b) => a[0] - b[0])
      .forEach(([start, end, name], k) => {
        const step = steps.get(`${k + 1}. ${name}`) ?? { starts: [], ends: [] };
        step.starts.push(start);
        step.ends.push(end);
        steps.set(`${k + 1}. ${name}`, step);
      });
  }
  socket.close();
  console.log(`${JOBS} sequential print("hi") jobs, medians (ms after the POST was sent):`);
  for (const [name, { starts, ends }] of steps) {
    if (starts.length < JOBS / 2) continue; // an occasional extra call (a retry, a late delete)
    console.log(
      `  ${name.padEnd(30)} ${ms(summary(starts).median).padStart(9)} → ${ms(summary(ends).median).padStart(9)}`,
    );
  }
  console.log(`  POST /execute answered          ${ms(summary(posts).median)}`);
  console.log(`  final frame at the client       ${ms(summary(finals).median)}   (p99 ${ms(summary(finals).p99)})`);
  console.log(`  sandbox wall time of the job    ${ms(summary(walls).median)}`);
} finally {
  await stack.stop();
  await sandbox.close();
}
