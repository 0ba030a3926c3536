import { handlerEnvironment } from "./env";
import { realtime } from "./realtime";
import { tableAccess } from "./table-grants";
import type { TableUser } from "./table-access";

/** Each route its own function, so each gets only its own table actions (realtime: pushes, pongs). */
const wsFunction = (handler: string, user: TableUser) => ({
  handler: `packages/functions/src/ws.${handler}`,
  link: [realtime],
  permissions: tableAccess(user),
  environment: handlerEnvironment,
});

realtime.route("$connect", wsFunction("connect", "wsConnect"));
realtime.route("$disconnect", wsFunction("disconnect", "wsDisconnect"));
realtime.route("$default", wsFunction("message", "wsMessage"));
