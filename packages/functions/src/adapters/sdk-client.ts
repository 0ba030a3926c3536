/**
 * Every AWS SDK client the handlers use goes through here. The SDK's logger middleware runs on
 * every call even with its no-op logger: it walks the whole input and output through the
 * sensitive-data filter to build a log line nobody reads (~0.5 ms of CPU per call for a job item
 * on the local stack's VM). We log our own steps (logger.ts), so that middleware goes.
 */
export function withoutCallLogging<T extends { middlewareStack: { remove(name: string): boolean } }>(client: T): T {
  client.middlewareStack.remove("loggerMiddleware");
  return client;
}
