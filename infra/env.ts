import { issuer, webClient } from "./auth";
import { jobsQueue, deadLetters } from "./queue";
import { realtime } from "./realtime";
import { table } from "./storage";

/**
 * The settings every handler reads through core's one config loader (CR_* keys), filled from
 * the resources themselves so no name is hard-coded.
 */
export const handlerEnvironment = {
  CR_STAGE: $app.stage,
  CR_TABLE_NAME: table.name,
  CR_QUEUE_URL: jobsQueue.url,
  CR_DLQ_URL: deadLetters.url,
  CR_WS_MANAGEMENT_URL: realtime.managementEndpoint,
  CR_AUTH_ISSUER: issuer,
  CR_AUTH_CLIENT_ID: webClient.id,
  CR_AUTH_JWKS_URL: $interpolate`${issuer}/.well-known/jwks.json`,
};
