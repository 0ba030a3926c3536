import type { APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { Connection } from "@code-remote/core/connection";
import { toAppError } from "@code-remote/core/errors";
import { lambdaConfig } from "./config-source";
import { createDeps, type Deps } from "./deps";

/** API Gateway passes $connect's query string here; the v2 WebSocket type leaves it out. */
export type WsEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined> | null;
};
export interface WsResponse {
  statusCode: number;
  body?: string;
}
export type WsHandler = (event: WsEvent) => Promise<WsResponse>;

/** The three WebSocket routes; a non-2xx from $connect refuses the connection. */
export function createWsHandlers(deps: Deps): { connect: WsHandler; disconnect: WsHandler; message: WsHandler } {
  const fail = (error: unknown): WsResponse => {
    const e = toAppError(error);
    if (e.status >= 500) deps.log("error", "websocket route failed", { error: e.cause ?? e });
    return { statusCode: e.status, body: JSON.stringify(e.toBody()) };
  };
  return {
    async connect(event) {
      try {
        const { userId } = await deps.verifier.verify(event.queryStringParameters?.token ?? undefined);
        await Connection.connect(deps, event.requestContext.connectionId, userId, {
          maxPerUser: deps.config.limits.maxConnectionsPerUser,
        });
        return { statusCode: 200 };
      } catch (error) {
        return fail(error);
      }
    },
    async disconnect(event) {
      try {
        await Connection.disconnect(deps, event.requestContext.connectionId);
        return { statusCode: 200 };
      } catch (error) {
        return fail(error);
      }
    },
    async message(event) {
      const connectionId = event.requestContext.connectionId;
      try {
        const perMinute = deps.config.limits.wsMessagesPerMinute;
        await deps.rateLimiter.take(`ws#${connectionId}`, { limit: perMinute, windowSeconds: 60 }, "messages");
        await Connection.receive(deps, connectionId, event.body);
        return { statusCode: 200 };
      } catch (error) {
        const response = fail(error);
        // The client hears about its own mistakes; a route's return value never reaches it.
        if (response.statusCode < 500) {
          await Connection.sendError(deps, connectionId, toAppError(error)).catch(() => undefined);
        }
        return response;
      }
    },
  };
}

let lambdaHandlers: ReturnType<typeof createWsHandlers> | undefined;
const handlers = () => (lambdaHandlers ??= createWsHandlers(createDeps(lambdaConfig())));

/** Lambda entries for $connect, $disconnect and $default. */
export const connect: WsHandler = (event) => handlers().connect(event);
export const disconnect: WsHandler = (event) => handlers().disconnect(event);
export const message: WsHandler = (event) => handlers().message(event);
