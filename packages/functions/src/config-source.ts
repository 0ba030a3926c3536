// "sst/resource" rather than "sst": only the link reader, without the SDK helpers the index also loads.
import { Resource } from "sst/resource";
import { type Config, type ConfigSource, CONFIG_KEYS, loadConfig } from "@code-remote/core/config";

/**
 * The resources infra/ links to handlers, by SST link name (the component's name in infra/), the
 * property SST's link carries, and the config key it fills. The wiring test checks every name here
 * against the components infra/ actually builds and links. The table is not linked (its link grants
 * dynamodb:*): its name comes as CR_TABLE_NAME, with item-level grants per function.
 */
export const LINKED_SETTINGS = [
  { link: "App", property: "stage", key: CONFIG_KEYS.stage },
  { link: "Realtime", property: "managementEndpoint", key: CONFIG_KEYS.wsManagementUrl },
  { link: "Sandbox", property: "name", key: CONFIG_KEYS.sandboxFunctionName },
  { link: "GeminiApiKey", property: "value", key: CONFIG_KEYS.geminiApiKey },
] as const;

/** What SST exposes as `Resource`: link name → that link's properties. */
export type LinkedResources = Readonly<Record<string, unknown>>;

/**
 * The CR_* record for core's one loader: the environment, with every linked resource's value on
 * top. In the cloud (and `sst dev`) the links are present; in local mode and tests there are none
 * and the environment, filled by packages/local, is the whole source.
 */
export function configRecord(linked: LinkedResources, env: ConfigSource): ConfigSource {
  const record: Record<string, string | undefined> = { ...env };
  for (const { link, property, key } of LINKED_SETTINGS) {
    const value = linkedValue(linked, link, property);
    if (value !== undefined) record[key] = value;
  }
  return record;
}

/** `in` first: SST's Resource throws on reading a link the function does not have. */
function linkedValue(linked: LinkedResources, link: string, property: string): string | undefined {
  if (!(link in linked)) return undefined;
  const resource = linked[link];
  if (typeof resource !== "object" || resource === null) return undefined;
  const value = (resource as Record<string, unknown>)[property];
  return typeof value === "string" ? value : undefined;
}

/** Where a Lambda's settings come from, in one place, so handlers never read process.env themselves. */
export function lambdaConfig(): Config {
  return loadConfig(configRecord(Resource as unknown as LinkedResources, process.env));
}
