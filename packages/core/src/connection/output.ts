import type { OutputPush } from "../job/output-relay";
import type { ConnectionDeps } from "./service";
import type { Connection } from "./store";

/** How long one look-up of the owner's connections serves a running job's output frames. */
export const OUTPUT_LOOKUP_MS = 250;

/**
 * Pushes one running job's output frames to every open connection of its owner. Frames come many
 * times a second, so the owner's connections are looked up at most once per OUTPUT_LOOKUP_MS for
 * this job (never shared with another job or a final push): a tab that connects mid-run is found
 * within that time, having caught up through GET /jobs/:id, and a connection found gone is removed.
 */
export function ownerOutputPush(deps: ConnectionDeps, userId: string): OutputPush {
  let lookup: { at: number; connections: Promise<Connection[]> } | undefined;
  return async (frame) => {
    const now = deps.clock.now();
    if (!lookup || now - lookup.at >= OUTPUT_LOOKUP_MS)
      lookup = { at: now, connections: deps.connections.listByUser(userId) };
    const connections = await lookup.connections.catch(() => {
      lookup = undefined; // looked up again for the next frame
      return [];
    });
    await Promise.all(
      connections.map(async ({ connectionId }) => {
        if ((await deps.notifier.send(connectionId, frame)) === "gone") await deps.connections.remove(connectionId);
      }),
    );
  };
}
