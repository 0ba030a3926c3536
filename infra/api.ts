import { HTTP_ROUTES, type HttpRoute } from "../packages/functions/src/http/routes";
import { issuer, webClient } from "./auth";
import { handlerEnvironment } from "./env";
import { jobsQueue } from "./queue";
import { geminiApiKey } from "./secrets";
import { table } from "./storage";

/** API Gateway's route key for one of the Hono app's routes (both spell parameters `{id}` here). */
export const gatewayRouteKey = (route: HttpRoute) => `${route.method} ${route.path}`;

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: { allowOrigins: ["*"], allowHeaders: ["authorization", "content-type"], allowMethods: ["GET", "POST"] },
});

const authorizer = api.addAuthorizer({ name: "Cognito", jwt: { issuer, audiences: [webClient.id] } });

/**
 * One function serves every route (Hono routes inside). It may use the table and send to the queue,
 * nothing more: the queue is granted, not linked, because a link would grant sqs:*.
 */
export const apiFunction = new sst.aws.Function("ApiFunction", {
  handler: "packages/functions/src/api.handler",
  link: [table, geminiApiKey],
  permissions: [{ actions: ["sqs:SendMessage"], resources: [jobsQueue.arn] }],
  environment: handlerEnvironment,
  timeout: "15 seconds",
});

// Tokens are checked at the gateway too, so unauthenticated traffic never starts the function.
for (const route of HTTP_ROUTES) {
  api.route(gatewayRouteKey(route), apiFunction.arn, route.auth ? { auth: { jwt: { authorizer: authorizer.id } } } : {});
}
