/** Cognito's (and Amplify's own) error names as sentences for the sign-in, sign-up and code forms. */
const MESSAGES: Record<string, string> = {
  NotAuthorizedException: "Wrong email or password.",
  // The local Cognito emulator answers a wrong password with this one instead.
  InvalidPasswordException: "Wrong email or password.",
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
  UserAlreadyAuthenticatedException: "You are already signed in. Reload the page.",
  NetworkError: "Cannot reach the sign-in service. Check your connection.",
};

export function authErrorMessage(error: unknown, fallback: string): string {
  const name = error instanceof Error ? error.name : "";
  // A real pool explains which password rule failed; say that rather than "wrong password".
  if (name === "InvalidPasswordException" && error instanceof Error && /policy|length|must/i.test(error.message)) {
    return `The password is too weak: ${error.message.replace(/^.*?:\s*/, "")}`;
  }
  return MESSAGES[name] ?? (error instanceof Error && error.message ? error.message : fallback);
}
