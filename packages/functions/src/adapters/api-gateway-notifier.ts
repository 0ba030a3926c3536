import {
  type ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import type { ServerFrame } from "@code-remote/core/contract";
import type { Notifier, SendOutcome } from "@code-remote/core/ports";

/** Pushes frames through API Gateway's management API (or the local gateway that emulates it). */
export class ApiGatewayNotifier implements Notifier {
  constructor(private readonly api: ApiGatewayManagementApiClient) {}

  async send(connectionId: string, frame: ServerFrame): Promise<SendOutcome> {
    try {
      await this.api.send(
        new PostToConnectionCommand({
          ConnectionId: connectionId,
          Data: new TextEncoder().encode(JSON.stringify(frame)),
        }),
      );
      return "sent";
    } catch (error) {
      if (error instanceof GoneException || (error as { name?: string }).name === "GoneException") return "gone";
      throw error;
    }
  }
}
