// Dependency order: storage (table, objects) and queue, auth, secrets, sandbox, realtime, api, worker, alarms, web.
import { table } from "./storage";
import { objects } from "./objects";
import { deadLetters, jobsQueue } from "./queue";
import { userPool, webClient } from "./auth";
import "./secrets";
import { sandbox } from "./sandbox";
import { realtime } from "./realtime";
import "./realtime-routes";
import { api } from "./api";
import "./worker";
import { alerts } from "./alarms";
import { web } from "./web";

/** What `sst deploy` prints and `sst output` returns: the URLs and ids, never a secret. */
export const outputs = {
  web: web.url,
  api: api.url,
  realtime: realtime.url,
  userPoolId: userPool.id,
  userPoolClientId: webClient.id,
  table: table.name,
  objects: objects.name,
  queue: jobsQueue.url,
  deadLetters: deadLetters.url,
  sandbox: sandbox.name,
  alerts: alerts.arn,
};
