import { HTTP_ROUTES } from "../packages/functions/src/http/routes";
import { issuer, webClient } from "./auth";
import { handlerEnvironment } from "./env";
import { jobsQueue } from "./queue";
import { table } from "./storage";

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: { allowOrigins: ["*"], allowHeaders: ["authorization", "content-type"], allowMethods: ["GET", "POST"] },
});

const authorizer = api.addAuthorizer({ name: "Cognito", jwt: { issuer, audiences: [webClient.id] } });

/** One function serves every route (Hono routes inside); the API may only write the table and send to the queue. */
const apiFunction = new sst.aws.Function("ApiFunction", {
  handler: "packages/functions/src/api.handler",
  link: [table, jobsQueue],
  environment: handlerEnvironment,
  timeout: "15 seconds",
});

for (const route of HTTP_ROUTES) {
  api.route(`${route.method} ${route.path}`, apiFunction.arn, route.auth ? { auth: { jwt: { authorizer: authorizer.id } } } : {});
}
