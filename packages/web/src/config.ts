import type { WebRuntimeConfig } from "@code-remote/core/contract";

/** Where the app finds its backend: one shape for the cloud and the local stack (core's contract). */
export type RuntimeConfig = WebRuntimeConfig;

const REQUIRED = ["apiUrl", "wsUrl", "region", "userPoolId", "userPoolClientId"] as const;

/**
 * Cloud builds bake the URLs in as VITE_* (StaticSite build env); the local stack picks its ports
 * at start, so it serves /config.json instead. Build-time values win when all are present.
 */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const env = import.meta.env;
  const baked = {
    apiUrl: env.VITE_API_URL,
    wsUrl: env.VITE_WS_URL,
    region: env.VITE_REGION,
    userPoolId: env.VITE_USER_POOL_ID,
    userPoolClientId: env.VITE_USER_POOL_CLIENT_ID,
  };
  if (REQUIRED.every((key) => baked[key])) return validate(baked);

  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`Could not load /config.json (HTTP ${response.status})`);
  return validate(await response.json());
}

function validate(raw: unknown): RuntimeConfig {
  if (typeof raw !== "object" || raw === null) throw new Error("config.json is not an object");
  const record = raw as Record<string, unknown>;
  const missing = REQUIRED.filter((key) => typeof record[key] !== "string" || record[key] === "");
  if (missing.length > 0) throw new Error(`config.json is missing ${missing.join(", ")}`);
  const endpoint = record.userPoolEndpoint;
  return {
    apiUrl: trimSlash(record.apiUrl as string),
    wsUrl: record.wsUrl as string,
    region: record.region as string,
    userPoolId: record.userPoolId as string,
    userPoolClientId: record.userPoolClientId as string,
    ...(typeof endpoint === "string" && endpoint !== "" ? { userPoolEndpoint: endpoint } : {}),
  };
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");
