// The suite's side of the project's shared stack (started once per vitest project by global-stack.ts).
// A suite that needs nothing special of the stack (no clock of its own, no faults, no tight limits, no
// CR_SANDBOX=lambda, no log) takes this instead of starting its own: that saves a stack start (the
// emulators, the warm sandbox pools) per file. Suites must not get in each other's way, so each one gets
// users of its own (names made unique per suite, `auth.demoUser` a fresh user) and must not read
// anything stack-wide (table scans, counts over all users, the analysis cache's first answer for a
// well-known program).
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import type { LocalStack } from "../../src/stack";
import { Socket } from "./client";
import type { TestStack } from "./stack";

/** The stack's plain data, as the global setup sends it to the suites. */
export type SharedStackDescription = Pick<
  LocalStack,
  "urls" | "auth" | "queues" | "tableName" | "bucketName" | "config" | "env" | "sandboxLayers" | "sandboxLibraries"
>;

declare module "vitest" {
  export interface ProvidedContext {
    /** The control API of this project's shared stack (http://127.0.0.1:port). */
    sharedStackControl: string;
  }
}

const PASSWORD = "Passw0rd!-tests";

async function control<T>(path: string, args?: unknown[]): Promise<T> {
  const base = inject("sharedStackControl");
  if (!base)
    throw new Error("no shared stack: this project has no globalSetup packages/local/test/support/global-stack.ts");
  const response = await fetch(`${base}${path}`, { method: "POST", body: JSON.stringify(args ?? []) });
  const body = (await response.json()) as { result?: T; error?: string };
  if (body.error !== undefined) throw new Error(body.error);
  return body.result as T;
}

const ownStackOnly = (what: string) => () => {
  throw new Error(
    `${what} reaches into the stack's process and would affect every suite sharing it: start a stack of your own`,
  );
};

/**
 * This project's shared stack, for one suite. `stop()` closes what the suite opened (its sockets); the
 * stack itself stops when the project's run ends. `confirmationCode`, `dropWebSockets` and
 * `sweepObjects` are not available here (in-process state of the stack, or acts on every suite's
 * sockets or objects): a suite that needs them starts its own stack.
 */
export async function sharedTestStack(): Promise<TestStack> {
  const description = await control<SharedStackDescription>("/stack");
  const suite = randomBytes(4).toString("hex");
  const createUser = (username: string, password: string) => control<void>("/call/createUser", [username, password]);
  const signIn = (username: string, password: string) =>
    control<{ idToken: string; accessToken: string }>("/call/signIn", [username, password]);
  const user = async (name: string) => {
    const username = `${name}-${suite}@code-remote.local`;
    await createUser(username, PASSWORD);
    return (await signIn(username, PASSWORD)).idToken;
  };
  // The demo user is the one every suite would otherwise share: each suite gets its own instead.
  const demoUser = { username: `demo-${suite}@code-remote.local`, password: PASSWORD };
  await createUser(demoUser.username, demoUser.password);
  const sockets: Socket[] = [];
  return {
    ...description,
    auth: { ...description.auth, demoUser },
    signIn,
    createUser,
    confirmationCode: ownStackOnly("confirmationCode"),
    dropWebSockets: ownStackOnly("dropWebSockets"),
    sweepObjects: ownStackOnly("sweepObjects"),
    user,
    async userWithSocket(name) {
      const token = await user(name);
      const socket = await Socket.open(description.urls.ws, token);
      sockets.push(socket);
      return { token, socket };
    },
    async stop() {
      for (const socket of sockets.splice(0)) socket.close();
    },
  };
}
