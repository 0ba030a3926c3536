import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "@code-remote/local";
import { Socket } from "./client";

/** Limits high enough that a test or benchmark never meets them by accident. */
export const NO_LIMITS = {
  CR_LIMIT_EXECUTE_PER_MINUTE: "1000000",
  CR_LIMIT_ANALYZE_PER_MINUTE: "1000000",
  CR_LIMIT_MAX_QUEUED_PER_USER: "1000000",
  CR_LIMIT_WS_MESSAGES_PER_MINUTE: "1000000",
  CR_LIMIT_MAX_CONNECTIONS_PER_USER: "1000000",
};

export interface TestStack extends LocalStack {
  /** A confirmed user, signed in: its ID token. */
  user(name: string): Promise<string>;
  /** A signed-in user with an open WebSocket (closed with the stack). */
  userWithSocket(name: string): Promise<{ token: string; socket: Socket }>;
}

/** The whole local stack on random ports in a fresh data dir; `stop()` also removes the dir. */
export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "cr-test-"));
  const stack = await startLocalStack({
    dataDir,
    webDist: false,
    ports: { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0, lambda: 0 },
    log: () => {},
    ...options,
  });
  const sockets: Socket[] = [];
  const user = async (name: string) => {
    const username = `${name}@code-remote.local`;
    await stack.createUser(username, "Passw0rd!-tests");
    return (await stack.signIn(username, "Passw0rd!-tests")).idToken;
  };
  return {
    ...stack,
    user,
    async userWithSocket(name) {
      const token = await user(name);
      const socket = await Socket.open(stack.urls.ws, token);
      sockets.push(socket);
      return { token, socket };
    },
    async stop() {
      for (const s of sockets) s.close();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
