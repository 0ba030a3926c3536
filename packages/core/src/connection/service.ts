import { ClientFrameSchema, MAX_CLIENT_MESSAGE_BYTES, parseInput, type ServerFrame } from "../contract";
import { AppError } from "../errors";
import type { Job } from "../job/model";
import type { Clock, Notifier, SendOutcome } from "../ports";
import { jobFrame } from "./push";
import { CONNECTION_TTL_SECONDS, type ConnectionStore } from "./store";

export interface ConnectionDeps {
  connections: ConnectionStore;
  notifier: Notifier;
  clock: Clock;
}

/** Longer than any $connect takes (API Gateway gives an integration 29 s at most). */
const CONNECT_GRACE_MS = 30_000;

/**
 * Record a new connection of the user, unless that would give them more than `maxPerUser` (each
 * push goes to every one of them). Counted after the write, so connections opening at the same
 * moment see each other: at worst both are refused, never both let in past the cap (on AWS the
 * index the count reads is eventually consistent, so there the cap is close, not exact).
 */
export async function connect(
  deps: ConnectionDeps,
  connectionId: string,
  userId: string,
  options: { maxPerUser: number },
): Promise<void> {
  const now = deps.clock.now();
  await deps.connections.put({
    connectionId,
    userId,
    connectedAt: now,
    expiresAt: Math.floor(now / 1000) + CONNECTION_TTL_SECONDS,
  });
  const open = await deps.connections.listByUser(userId);
  if (open.length <= options.maxPerUser) return;
  // A record can outlive its socket (a $disconnect that never ran: a crash, a restarted local stack).
  // Before refusing, ask the gateway about the others (a pong is harmless to a live client); those it
  // reports gone are removed by send(). Not the young ones: a connection still in its own $connect is
  // not open yet, and the gateway would call it gone.
  const settled = open.filter((c) => c.connectionId !== connectionId && now - c.connectedAt >= CONNECT_GRACE_MS);
  const outcomes = await Promise.all(
    settled.map((c) => send(deps, c.connectionId, { type: "pong" }).catch((): SendOutcome => "sent")),
  );
  if (open.length - outcomes.filter((o) => o === "gone").length <= options.maxPerUser) return;
  await deps.connections.remove(connectionId);
  throw new AppError(
    "TOO_MANY_CONNECTIONS",
    `At most ${options.maxPerUser} open connections per user: close a tab to open another.`,
  );
}

export async function disconnect(deps: ConnectionDeps, connectionId: string): Promise<void> {
  await deps.connections.remove(connectionId);
}

/** A frame from a client: validated, answered through the management API like every other push. */
export async function receiveFrame(deps: ConnectionDeps, connectionId: string, body: unknown): Promise<void> {
  const text = typeof body === "string" ? body : "";
  if (new TextEncoder().encode(text).length > MAX_CLIENT_MESSAGE_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `A message must be at most ${MAX_CLIENT_MESSAGE_BYTES / 1024} KiB.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const frame = parseInput(ClientFrameSchema, json);
  if (frame.action === "ping") await send(deps, connectionId, { type: "pong" });
}

/** Every open connection of the job's owner gets the job: no per-job subscription to race with. */
export async function notifyOwner(deps: ConnectionDeps, job: Job): Promise<void> {
  const connections = await deps.connections.listByUser(job.userId);
  const frame = jobFrame(job); // under API Gateway's 128 KB, or it would never arrive
  await Promise.all(connections.map((c) => send(deps, c.connectionId, frame)));
}

/** Tell one connection what went wrong with its message (API Gateway drops a route's return value). */
export async function sendError(deps: ConnectionDeps, connectionId: string, error: AppError): Promise<void> {
  await send(deps, connectionId, { type: "error", error: { code: error.code, message: error.message } });
}

async function send(deps: ConnectionDeps, connectionId: string, frame: ServerFrame): Promise<SendOutcome> {
  const outcome = await deps.notifier.send(connectionId, frame);
  if (outcome === "gone") await deps.connections.remove(connectionId);
  return outcome;
}
