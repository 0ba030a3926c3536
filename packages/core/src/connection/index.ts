import { ownerOutputPush } from "./output";
import { connect, disconnect, notifyOwner, receiveFrame, sendError } from "./service";

export { frameBytes } from "./push";
export { ConnectionStore } from "./store";
export { connect, disconnect, notifyOwner, sendError } from "./service";

/** The connection domain: Connection.connect, Connection.disconnect, Connection.receive, Connection.notifyOwner. */
export const Connection = {
  connect,
  disconnect,
  receive: receiveFrame,
  notifyOwner,
  sendError,
  outputTo: ownerOutputPush,
} as const;
