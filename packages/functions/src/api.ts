import { handle } from "hono/aws-lambda";
import { lambdaConfig } from "./config-source";
import { createDeps } from "./deps";
import { createApi } from "./http/app";

export { createApi } from "./http/app";

let lambdaHandler: ReturnType<typeof handle> | undefined;

/** Lambda entry (API Gateway HTTP API); deps are built once per warm container. */
export const handler: ReturnType<typeof handle> = (event, context) => {
  lambdaHandler ??= handle(createApi(createDeps(lambdaConfig())));
  return lambdaHandler(event, context);
};
