import { issuer, webClient } from "./auth";
import { objects } from "./objects";
import { deadLetters, jobsQueue } from "./queue";
import { table } from "./storage";

/**
 * Settings that reach handlers as CR_* environment variables, read by core's one config loader.
 * Linked resources (WebSocket API, sandbox, secret, stage) are not here: handlers read them through
 * `Resource` (packages/functions/src/config-source.ts). These values are not links because a link
 * would grant more than the handler may do (a table link grants dynamodb:* including DeleteTable, a
 * queue link sqs:*, a pool link cognito-idp:*); they are still taken from the resources, never
 * written out by hand, and each function gets its own grants (table-access.ts).
 */
export const handlerEnvironment = {
  CR_TABLE_NAME: table.name,
  CR_BUCKET_NAME: objects.name,
  CR_QUEUE_URL: jobsQueue.url,
  CR_DLQ_URL: deadLetters.url,
  CR_AUTH_ISSUER: issuer,
  CR_AUTH_CLIENT_ID: webClient.id,
  CR_AUTH_JWKS_URL: $interpolate`${issuer}/.well-known/jwks.json`,
};
