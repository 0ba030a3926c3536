import { AppError } from "@code-remote/core/errors";

/** The caller of a request, as their verified Cognito ID token names them. */
export interface Identity {
  userId: string;
  email?: string;
}

/**
 * The caller from an ID token's verified claims, wherever they were verified: by the HTTP API's JWT
 * authorizer (which hands the claims to the function, every value as a string), by its local twin,
 * or by the WebSocket $connect route (API Gateway has no JWT authorizer for WebSocket APIs). The
 * authorizer checks signature, issuer, audience and expiry, but cannot tell an ID token from another
 * JWT of the pool: that check is ours.
 */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>): Identity {
  if (claims.token_use !== undefined && claims.token_use !== "id") {
    throw new AppError("UNAUTHORIZED", "Send the ID token of your session.");
  }
  const userId = claims.sub;
  if (typeof userId !== "string" || userId.length === 0) throw new AppError("UNAUTHORIZED", "The token names no user.");
  return { userId, ...(typeof claims.email === "string" ? { email: claims.email } : {}) };
}
