import type { TokenVerifier } from "@code-remote/functions/adapters/token-verifier";
import type { GatewayRequestContext } from "@code-remote/functions/http/env";
import { HTTP_ROUTES } from "@code-remote/functions/http/routes";

type Fetch = (request: Request, env?: { requestContext: GatewayRequestContext }) => Response | Promise<Response>;

const ROUTES = HTTP_ROUTES.map((route) => ({
  method: route.method,
  pattern: new RegExp(`^${route.path.replace(/\{[^/}]+\}/g, "[^/]+")}$`),
  auth: route.auth,
}));

/**
 * The local twin of API Gateway's HTTP API in front of the function (infra/api.ts). A request for no
 * declared route is API Gateway's 404 `{"message":"Not Found"}`. For a route declared with `auth`,
 * the token in `Authorization` (alone or after "Bearer ") must verify against the pool's JWKS
 * (signature, issuer, audience, expiry), or the request is answered 401 `{"message":"Unauthorized"}`
 * as API Gateway answers it, without reaching the function. Otherwise the function gets the claims
 * where API Gateway puts them (`requestContext.authorizer.jwt.claims`, every value a string), so the
 * handler reads the caller the same way in both modes.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export function withJwtAuthorizer(fetch: Fetch, verifier: TokenVerifier): (request: Request) => Promise<Response> {
  return async (request) => {
    const path = new URL(request.url).pathname;
    const route = ROUTES.find((r) => r.method === request.method && r.pattern.test(path));
    // A path the API does not declare never reaches the function; CORS preflights are the gateway's.
    if (!route)
      return request.method === "OPTIONS" ? fetch(request) : Response.json({ message: "Not Found" }, { status: 404 });
    if (!route.auth) return fetch(request);
    const token = /^(?:Bearer\s+)?(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    let claims: Record<string, string>;
    try {
      claims = asGatewayClaims(await verifier.verifyClaims(token));
    } catch {
      return Response.json(
        { message: "Unauthorized" },
        { status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token"' } },
      );
    }
    return fetch(request, { requestContext: { authorizer: { jwt: { claims, scopes: null } } } });
  };
}

/** API Gateway passes every claim as a string: numbers as digits, arrays as "[a b]". */
function asGatewayClaims(claims: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(" ")}]` : String(value),
    ]),
  );
}
