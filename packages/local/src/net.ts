import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The environment variable that moves each port; main.ts reads them and the busy-port message names them. */
export const PORT_ENV = {
  web: "CR_WEB_PORT",
  api: "CR_API_PORT",
  ws: "CR_WS_PORT",
  cognito: "CR_COGNITO_PORT",
  dynamodb: "CR_DYNAMODB_PORT",
  sqs: "CR_SQS_PORT",
  lambda: "CR_LAMBDA_PORT",
} as const;

export type PortName = keyof typeof PORT_ENV;

/** A port we wanted is taken. Carries enough to print one actionable line. */
export class PortInUseError extends Error {
  constructor(
    readonly service: PortName,
    readonly port: number,
    readonly host: string,
  ) {
    super(
      `port ${port} (${service}) on ${host} is already in use: stop whatever holds it or set ${PORT_ENV[service]} to another port`,
    );
    this.name = "PortInUseError";
  }
}

/** Listen and resolve with the bound port (0 = a free one). EADDRINUSE becomes a PortInUseError naming the service. */
export function listen(server: Server, service: PortName, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(err.code === "EADDRINUSE" ? new PortInUseError(service, port, host) : err);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * Close a server and drop its open sockets: keep-alive connections from SDK clients would otherwise keep
 * `close()` waiting, and a stopped stack must leave no port behind.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/** Dummy credentials for SDK clients aimed at local emulators: with them the SDK never probes IMDS or ~/.aws. */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;
