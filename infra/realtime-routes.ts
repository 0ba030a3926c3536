import { handlerEnvironment } from "./env";
import { realtime } from "./realtime";
import { table } from "./storage";

const wsFunction = (handler: string) => ({
  handler: `packages/functions/src/ws.${handler}`,
  link: [table, realtime],
  environment: handlerEnvironment,
});

realtime.route("$connect", wsFunction("connect"));
realtime.route("$disconnect", wsFunction("disconnect"));
realtime.route("$default", wsFunction("message"));
