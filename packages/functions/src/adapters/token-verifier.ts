import { JwtRsaVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { AppError } from "@code-remote/core/errors";
import type { Config } from "@code-remote/core/config";

export interface Identity {
  userId: string;
  email?: string;
}

export interface TokenVerifier {
  verify(token: string | undefined): Promise<Identity>;
}

/** Tokens remembered as verified, at most (the oldest is forgotten first). */
const VERIFIED_TOKENS = 10_000;

/**
 * Verifies Cognito ID tokens (signature, issuer, audience = app client, expiry). The JWKS is fetched with
 * plain `fetch` so the real pool (https) and cognito-local (http on loopback) go through the same code;
 * aws-jwt-verify's own fetcher only speaks https.
 *
 * A token that verified is remembered until its own expiry, so the same session's next requests skip
 * the RSA check (~0.3 ms of CPU each on the local stack's VM), as API Gateway's JWT authorizer caches
 * too. Only the exact token string that passed is remembered, and never past its `exp`; a token that
 * failed is checked in full every time.
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
  const verified = new Map<string, { identity: Identity; expiresAtMs: number }>();
  return {
    async verify(token) {
      if (!token) throw new AppError("UNAUTHORIZED", "Sign in first: no token was sent.");
      const known = verified.get(token);
      if (known && known.expiresAtMs > Date.now()) return known.identity;
      verified.delete(token);
      let payload: Record<string, unknown>;
      try {
        payload = (await verifier.verify(token)) as Record<string, unknown>;
      } catch (error) {
        throw new AppError("UNAUTHORIZED", "Your session is not valid or has expired; please sign in again.", {
          cause: error,
        });
      }
      if (payload.token_use !== undefined && payload.token_use !== "id") {
        throw new AppError("UNAUTHORIZED", "Send the ID token of your session.");
      }
      const userId = payload.sub;
      if (typeof userId !== "string" || userId.length === 0) {
        throw new AppError("UNAUTHORIZED", "The token names no user.");
      }
      const identity: Identity = { userId, ...(typeof payload.email === "string" ? { email: payload.email } : {}) };
      if (typeof payload.exp === "number") {
        verified.set(token, { identity, expiresAtMs: payload.exp * 1000 });
        if (verified.size > VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
      }
      return identity;
    },
  };
}
