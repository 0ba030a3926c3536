import type { Deps } from "../deps";
import type { Identity } from "../identity";

/**
 * What API Gateway's HTTP API hands the function with each request (hono/aws-lambda passes it as
 * `c.env.requestContext`; the local HTTP server builds the same): the JWT authorizer's claims.
 */
export interface GatewayRequestContext {
  authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null } };
}

/** Hono context of the API: the gateway's request context, the deps, and the caller once authenticated. */
export type ApiEnv = {
  Bindings: { requestContext?: GatewayRequestContext };
  Variables: { deps: Deps; identity: Identity };
};
