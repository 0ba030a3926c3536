import { HTTP_ROUTES, type HttpRoute } from "../packages/functions/src/http/routes";
import { issuer, webClient } from "./auth";
import { handlerEnvironment } from "./env";
import { objectAccess } from "./objects";
import { jobsQueue } from "./queue";
import { realtime } from "./realtime";
import { sandbox } from "./sandbox";
import { geminiApiKey } from "./secrets";
import { tableAccess } from "./table-grants";

/** API Gateway's route key for one of the Hono app's routes (both spell parameters `{id}` here). */
export const gatewayRouteKey = (route: HttpRoute) => `${route.method} ${route.path}`;

export const api = new sst.aws.ApiGatewayV2("Api", {
  // Retry-After is exposed so the web app can say when a 429 may be retried.
  cors: {
    allowOrigins: ["*"],
    allowHeaders: ["authorization", "content-type"],
    allowMethods: ["GET", "POST", "PATCH", "DELETE"],
    exposeHeaders: ["retry-after"],
  },
});

const authorizer = api.addAuthorizer({ name: "Cognito", jwt: { issuer, audiences: [webClient.id] } });

/**
 * One function serves every route (Hono routes inside). It may use the table, send to the queue and
 * read its depth (/health), push to WebSocket connections (POST /jobs/:id/cancel tells every open tab
 * of the owner), invoke the sandbox, because POST /analyze's static analyzer runs only there
 * (packages/functions/src/adapters/sandbox-static-analyzer.ts), and get trace objects (GET
 * /jobs/:id/trace). The table, the queue and the bucket are granted, not linked, because their links
 * grant dynamodb:*, sqs:* and s3:*.
 */
export const apiFunction = new sst.aws.Function("ApiFunction", {
  handler: "packages/functions/src/api.handler",
  link: [realtime, sandbox, geminiApiKey],
  permissions: [
    ...tableAccess("api"),
    { actions: ["sqs:SendMessage", "sqs:GetQueueAttributes"], resources: [jobsQueue.arn] },
    ...objectAccess("api"),
  ],
  environment: handlerEnvironment,
  // The analyzer packages (complexity/, measure/) are sandbox input, read beside the bundle
  // (static-analyzer-source.ts).
  copyFiles: [{ from: "packages/sandbox/analyzer", to: "analyzer" }],
  // An analysis may wait for Gemini's timeout and then the static analyzer in the sandbox; the HTTP
  // API gives up on an integration after 30 s anyway, so the function stops just before that.
  timeout: "29 seconds",
});

// Tokens are checked at the gateway too, so unauthenticated traffic never starts the function.
for (const route of HTTP_ROUTES) {
  api.route(
    gatewayRouteKey(route),
    apiFunction.arn,
    route.auth ? { auth: { jwt: { authorizer: authorizer.id } } } : {},
  );
}
