import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@code-remote/core/errors";
import { cognitoTokenVerifier, type TokenVerifier } from "@code-remote/functions/adapters/token-verifier";
import { decodeJwt, signJwt } from "./support/fuzz";
import { sharedTestStack } from "./support/shared-stack";
import type { TestStack } from "./support/stack";

// The verifier against the local Cognito twin's real keys: every call is checked in full (nothing is remembered).
let stack: TestStack;
let token: string;
let realKey: string;
let verifier: TokenVerifier;

beforeAll(async () => {
  stack = await sharedTestStack();
  token = await stack.user("verifier");
  const require = createRequire(import.meta.url);
  realKey = (
    JSON.parse(readFileSync(require.resolve("cognito-local/lib/keys/cognitoLocal.private.json"), "utf8")) as {
      pem: string;
    }
  ).pem;
  verifier = cognitoTokenVerifier(stack.config.auth);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const unauthorized = (e: unknown) => AppError.is(e, "UNAUTHORIZED");

describe("cognitoTokenVerifier", () => {
  it("accepts a session's token again and again with the same identity", async () => {
    const first = await verifier.verify(token);
    expect(first.userId).toMatch(/\S/);
    for (let i = 0; i < 3; i++) expect(await verifier.verify(token)).toEqual(first);
  });

  it("refuses a token whose expiry has passed, and one that is not valid yet", async () => {
    const { header, payload } = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    await expect(verifier.verify(signJwt(header, { ...payload, exp: now - 60 }, realKey))).rejects.toSatisfy(
      unauthorized,
    );
    await expect(verifier.verify(signJwt(header, { ...payload, nbf: now + 3600 }, realKey))).rejects.toSatisfy(
      unauthorized,
    );
  });

  it("hands out the claims it verified, and refuses an access token as an identity", async () => {
    const { header, payload } = decodeJwt(token);
    expect(await verifier.verifyClaims(token)).toMatchObject({ sub: payload.sub, aud: payload.aud });
    const access = signJwt(header, { ...payload, token_use: "access" }, realKey);
    expect((await verifier.verifyClaims(access)).token_use).toBe("access");
    await expect(verifier.verify(access)).rejects.toSatisfy(unauthorized);
  });

  it("a token that failed is refused every time, and a valid one beside it is unaffected", async () => {
    const { header, payload } = decodeJwt(token);
    const tampered = signJwt(header, { ...payload, aud: "another-client" }, realKey);
    for (let i = 0; i < 2; i++) await expect(verifier.verify(tampered)).rejects.toSatisfy(unauthorized);
    expect((await verifier.verify(token)).userId).toBe(payload.sub);
  });
});
