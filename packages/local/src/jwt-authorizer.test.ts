import { describe, expect, it } from "vitest";
import { AppError } from "@code-remote/core/errors";
import type { TokenVerifier } from "@code-remote/functions/adapters/token-verifier";
import { withJwtAuthorizer } from "./jwt-authorizer";

const verifier: TokenVerifier = {
  async verifyClaims(token) {
    if (token !== "good") throw new AppError("UNAUTHORIZED", "bad token");
    return { sub: "u1", exp: 1700000000, "cognito:groups": ["a", "b"], email_verified: true };
  },
  verify: async () => ({ userId: "u1" }),
};

function authorizer() {
  const seen: unknown[] = [];
  const fetch = withJwtAuthorizer((_request, env) => {
    seen.push(env);
    return new Response("reached");
  }, verifier);
  const call = (method: string, path: string, authorization?: string) =>
    fetch(new Request(`http://api.local${path}`, { method, headers: authorization ? { authorization } : {} }));
  return { call, seen };
}

describe("the local JWT authorizer", () => {
  it("answers 401 as API Gateway does, without reaching the function", async () => {
    const { call, seen } = authorizer();
    for (const header of [undefined, "Bearer ", "Bearer bad", "Basic good"]) {
      const response = await call("GET", "/jobs/01J", header);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: "Unauthorized" });
    }
    expect(seen).toEqual([]);
  });

  it("passes the claims where the gateway puts them, every value a string, with or without Bearer", async () => {
    const { call, seen } = authorizer();
    expect(await (await call("POST", "/jobs/01J/cancel", "Bearer good")).text()).toBe("reached");
    expect(await (await call("POST", "/execute", "good")).text()).toBe("reached");
    const claims = { sub: "u1", exp: "1700000000", "cognito:groups": "[a b]", email_verified: "true" };
    expect(seen).toEqual([1, 2].map(() => ({ requestContext: { authorizer: { jwt: { claims, scopes: null } } } })));
  });

  it("lets routes without auth and CORS preflights through untouched; an undeclared route is the gateway's 404", async () => {
    const { call, seen } = authorizer();
    expect((await call("GET", "/health")).status).toBe(200);
    expect((await call("OPTIONS", "/execute")).status).toBe(200);
    const unknown = await call("GET", "/nowhere", "Bearer good");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: "Not Found" });
    expect((await call("PUT", "/jobs/01J", "Bearer good")).status).toBe(404);
    expect(seen).toEqual([undefined, undefined]);
  });
});
