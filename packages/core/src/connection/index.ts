import { ownerOutputPush } from "./output";
import { connect, disconnect, notifyOwner, receiveFrame, sendError } from "./service";

export * from "./output";
export * from "./push";
export * from "./store";
export * from "./service";

/** The connection domain: Connection.connect, Connection.disconnect, Connection.receive, Connection.notifyOwner. */
export const Connection = { connect, disconnect, receive: receiveFrame, notifyOwner, sendError, outputTo: ownerOutputPush } as const;
