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

/**
 * Verifies Cognito ID tokens (signature, issuer, audience = app client, expiry). The JWKS is fetched with
 * plain `fetch` so the real pool (https) and cognito-local (http on loopback) go through the same code;
 * aws-jwt-verify's own fetcher only speaks https.
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
  return {
    async verify(token) {
      if (!token) throw new AppError("UNAUTHORIZED", "Sign in first: no token was sent.");
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
      return { userId, ...(typeof payload.email === "string" ? { email: payload.email } : {}) };
    },
  };
}
