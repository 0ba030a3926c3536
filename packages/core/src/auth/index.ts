/**
 * The account password policy: the cloud user pool is configured with it (infra/auth.ts), the local
 * Cognito twin refuses what it refuses, and the sign-up form says it. These are Cognito's defaults
 * ("Adding user pool password requirements" in the Cognito developer guide), written down so that all
 * three read one definition.
 */
export const PASSWORD_POLICY = {
  minimumLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 7,
} as const;

/** The characters Cognito counts as symbols (its documented list; a space counts when not leading or trailing). */
const SYMBOLS = new Set([..."^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-"]);

/**
 * The first rule a password breaks, worded as Cognito's InvalidPasswordException message words it
 * ("Password did not conform with policy: ..."), or null when it passes. Cognito reports one rule at a
 * time, in this order.
 */
export function passwordPolicyViolation(password: string): string | null {
  const inner = password.trim();
  const has = (test: (c: string) => boolean) => [...password].some(test);
  if ([...password].length < PASSWORD_POLICY.minimumLength) return "Password not long enough";
  if (PASSWORD_POLICY.requireLowercase && !has((c) => c >= "a" && c <= "z"))
    return "Password must have lowercase characters";
  if (PASSWORD_POLICY.requireUppercase && !has((c) => c >= "A" && c <= "Z"))
    return "Password must have uppercase characters";
  if (PASSWORD_POLICY.requireNumbers && !has((c) => c >= "0" && c <= "9"))
    return "Password must have numeric characters";
  if (PASSWORD_POLICY.requireSymbols && ![...inner].some((c) => SYMBOLS.has(c) || c === " "))
    return "Password must have symbol characters";
  return null;
}

/** What the sign-up form shows under the password field. */
export const PASSWORD_POLICY_HINT = `At least ${PASSWORD_POLICY.minimumLength} characters, with upper and lower case letters, a digit and a symbol.`;
