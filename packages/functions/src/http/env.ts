import type { Identity } from "../adapters/token-verifier";
import type { Deps } from "../deps";

/** Hono context of the API: the deps, and the caller once authenticated. */
export type ApiEnv = { Variables: { deps: Deps; identity: Identity } };
