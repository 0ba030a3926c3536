/** Cognito's (and Amplify's own) error names as sentences for the sign-in, sign-up and code forms. */
const MESSAGES: Record<string, string> = {
  NotAuthorizedException: "Wrong email or password.",
  InvalidPasswordException: "That password does not meet the requirements.",
  UserNotFoundException: "No account with that email. Create one below.",
  UserNotConfirmedException: "This account is not confirmed yet. Enter the code we emailed you.",
  PasswordResetRequiredException: "This account needs a password reset.",
  UsernameExistsException: "An account with this email already exists. Sign in instead.",
  CodeMismatchException: "That code is not right. Check it, or ask for a new one.",
  ExpiredCodeException: "That code has expired. Ask for a new one.",
  InvalidParameterException: "Check the email address and the password.",
  TooManyRequestsException: "Too many attempts. Please wait a moment and try again.",
  LimitExceededException: "Too many attempts. Please wait a moment and try again.",
  TooManyFailedAttemptsException: "Too many attempts. Please wait a moment and try again.",
  EmptySignInUsername: "Enter your email.",
  EmptySignInPassword: "Enter your password.",
  EmptySignUpUsername: "Enter your email.",
  EmptySignUpPassword: "Enter a password.",
  EmptyConfirmSignUpCode: "Enter the code from the email.",
  EmptyResetPasswordUsername: "Enter your email.",
  EmptyConfirmResetPasswordUsername: "Enter your email.",
  EmptyConfirmResetPasswordConfirmationCode: "Enter the code from the email.",
  EmptyConfirmResetPasswordNewPassword: "Enter a new password.",
  UserAlreadyAuthenticatedException: "You are already signed in. Reload the page.",
  NetworkError: "Cannot reach the sign-in service. Check your connection.",
};

const WEAK: Record<string, string> = {
  "Password not long enough": "it needs at least 8 characters",
  "Password must have lowercase characters": "it needs a lower case letter",
  "Password must have uppercase characters": "it needs an upper case letter",
  "Password must have numeric characters": "it needs a digit",
  "Password must have symbol characters": "it needs a symbol, such as ! or -",
};

/** Cognito's policy message ("Password did not conform with policy: Password not long enough") as a sentence. */
export function weakPasswordMessage(violation: string): string {
  const rule = violation.replace(/^.*?:\s*/, "");
  return `The password is too weak: ${WEAK[rule] ?? rule}.`;
}

export function authErrorMessage(error: unknown, fallback: string): string {
  const name = error instanceof Error ? error.name : "";
  // The pool explains which password rule failed; say that rather than "wrong password".
  if (name === "InvalidPasswordException" && error instanceof Error && /policy|length|must/i.test(error.message)) {
    return weakPasswordMessage(error.message);
  }
  return MESSAGES[name] ?? (error instanceof Error && error.message ? error.message : fallback);
}
