// The vitest globalSetup of the integration and browser projects: one local stack per project, shared
// by the suites that need nothing special of it (see shared-stack.ts). Test files run in worker
// processes and the stack lives here, in vitest's main process, so the setup serves a small control
// API on loopback: the first suite that asks starts the stack (a run of sandbox tests alone starts
// none), every later one gets the same. Creating users and signing in, calls into the stack's process,
// are forwarded to it. Stopped when the project ends.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import type { LocalStack, LocalStackOptions } from "../../src/stack";
import type { SharedStackDescription } from "./shared-stack";

/**
 * What each project's shared stack is started with: the default limits (they count per user, and each
 * suite has users of its own); the built web app for the browser project only.
 */
function optionsFor(project: string): LocalStackOptions {
  return project === "browser" ? {} : { webDist: false };
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? JSON.parse(text) : undefined;
}

export default async function setup(project: TestProject) {
  // Before anything imports the AWS SDK: nothing the stack starts may probe EC2 metadata or reach AWS.
  process.env.AWS_EC2_METADATA_DISABLED ??= "true";
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.AWS_REGION ??= "us-east-1";

  let started: Promise<{ stack: LocalStack; dataDir: string }> | undefined;
  const start = () =>
    (started ??= (async () => {
      const { startLocalStack } = await import("../../src/stack");
      const dataDir = await mkdtemp(join(tmpdir(), `cr-shared-${project.name}-`));
      const stack = await startLocalStack({
        dataDir,
        ports: { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0, lambda: 0 },
        log: () => {},
        ...optionsFor(project.name),
      });
      return { stack, dataDir };
    })());

  const calls: Record<string, (stack: LocalStack, args: unknown[]) => Promise<unknown>> = {
    createUser: (stack, [username, password]) => stack.createUser(String(username), String(password)),
    signIn: (stack, [username, password]) => stack.signIn(String(username), String(password)),
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      try {
        const { stack } = await start();
        const path = request.url ?? "/";
        let result: unknown;
        if (path === "/stack") {
          const description: SharedStackDescription = {
            urls: stack.urls,
            auth: stack.auth,
            queues: stack.queues,
            tableName: stack.tableName,
            bucketName: stack.bucketName,
            config: stack.config,
            env: stack.env,
            sandboxLayers: stack.sandboxLayers,
            sandboxLibraries: stack.sandboxLibraries,
          };
          result = description;
        } else {
          const call = calls[path.replace(/^\/call\//, "")];
          if (!call) throw new Error(`shared stack: no call ${path}`);
          result = await call(stack, ((await readBody(request)) as unknown[] | undefined) ?? []);
        }
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ result: result ?? null }));
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: message }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("sharedStackControl", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!started) return;
    const { stack, dataDir } = await started;
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
