import { type Config, loadConfig } from "@code-remote/core/config";

/**
 * Where a Lambda's settings come from: the function's environment, which infra/ fills from linked
 * resources. Kept in one place so the handlers never read process.env themselves.
 */
export function lambdaConfig(): Config {
  return loadConfig(process.env);
}
