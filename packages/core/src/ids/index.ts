import { monotonicFactory } from "ulid";
import type { IdGenerator } from "../ports";

/** ULIDs: unique, and sortable by creation time (the byUser index relies on that). */
export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: () => next() };
}

/**
 * An unguessable token: `bytes` from the platform's cryptographic random source (Web Crypto, in
 * Node and in Lambda alike), base64url without padding. 32 bytes: 256 bits, 43 characters.
 */
export function randomToken(bytes = 32): string {
  const raw = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(raw);
  let binary = "";
  for (const byte of raw) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
