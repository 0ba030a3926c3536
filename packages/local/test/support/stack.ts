import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "../../src/index";
import { Socket } from "./client";

export { NO_LIMITS } from "./limits";

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
