import { JwtRsaVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { AppError } from "@code-remote/core/errors";
import type { Config } from "@code-remote/core/config";
import { identityFromClaims, type Identity } from "../identity";

export type JwtClaims = Readonly<Record<string, unknown>>;

export interface TokenVerifier {
  /** The token's claims once its signature, issuer, audience and expiry hold (UNAUTHORIZED otherwise). */
  verifyClaims(token: string | undefined): Promise<JwtClaims>;
  /** The caller an ID token names (UNAUTHORIZED for anything else). */
  verify(token: string | undefined): Promise<Identity>;
}

/**
 * Verifies Cognito tokens against the pool's JWKS, every call in full (what API Gateway's JWT
 * authorizer checks). The JWKS is fetched with plain `fetch` so the real pool (https) and
 * cognito-local (http on loopback) go through the same code; aws-jwt-verify's own fetcher only
 * speaks https. The keys are cached (by kid), never the verdict on a token.
 */
export function cognitoTokenVerifier(auth: Config["auth"]): TokenVerifier {
  const jwksCache = new SimpleJwksCache({
    fetcher: {
      fetch: async (uri: string) => {
        const response = await fetch(uri, { signal: AbortSignal.timeout(5_000) });
        if (!response.ok) throw new Error(`JWKS fetch failed: ${response.status}`);
        return response.arrayBuffer();
      },
    },
  });
  const verifier = JwtRsaVerifier.create(
    { issuer: auth.issuer, audience: auth.clientId, jwksUri: auth.jwksUrl },
    { jwksCache },
  );
  const verifyClaims = async (token: string | undefined): Promise<JwtClaims> => {
    if (!token) throw new AppError("UNAUTHORIZED", "Sign in first: no token was sent.");
    try {
      return (await verifier.verify(token)) as JwtClaims;
    } catch (error) {
      throw new AppError("UNAUTHORIZED", "Your session is not valid or has expired; please sign in again.", {
        cause: error,
      });
    }
  };
  return { verifyClaims, verify: async (token) => identityFromClaims(await verifyClaims(token)) };
}
