import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@code-remote/core/errors";
import { cognitoTokenVerifier, type TokenVerifier } from "../src/adapters/token-verifier";
import { decodeJwt, signJwt } from "./support/fuzz";
import { startTestStack, type TestStack } from "./support/stack";

// The verifier against the local Cognito twin's real keys: remembered tokens must never outlive their `exp`.
let stack: TestStack;
let token: string;
let realKey: string;
let verifier: TokenVerifier;

beforeAll(async () => {
  stack = await startTestStack();
  token = await stack.user("verifier");
  const require = createRequire(import.meta.url);
  realKey = (JSON.parse(readFileSync(require.resolve("cognito-local/lib/keys/cognitoLocal.private.json"), "utf8")) as { pem: string }).pem;
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

  it("refuses a remembered token once its own expiry has passed", async () => {
    const { header, payload } = decodeJwt(token);
    const shortLived = signJwt(header, { ...payload, exp: Math.floor(Date.now() / 1000) + 2 }, realKey);
    expect((await verifier.verify(shortLived)).userId).toBe(payload.sub);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    await expect(verifier.verify(shortLived)).rejects.toSatisfy(unauthorized);
  });

  it("a token that failed is refused every time, and a valid one beside it is unaffected", async () => {
    const { header, payload } = decodeJwt(token);
    const tampered = signJwt(header, { ...payload, aud: "another-client" }, realKey);
    for (let i = 0; i < 2; i++) await expect(verifier.verify(tampered)).rejects.toSatisfy(unauthorized);
    expect((await verifier.verify(token)).userId).toBe(payload.sub);
  });
});
