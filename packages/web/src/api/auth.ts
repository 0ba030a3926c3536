import { Amplify } from "aws-amplify";
import { fetchAuthSession, getCurrentUser, signIn, signOut } from "aws-amplify/auth";
import type { RuntimeConfig } from "../config";

export interface User {
  username: string;
}

export function configureAuth(config: RuntimeConfig): void {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        // Local mode points Amplify at the Cognito emulator; in the cloud it derives the endpoint.
        ...(config.userPoolEndpoint ? { userPoolEndpoint: config.userPoolEndpoint } : {}),
        loginWith: { email: true },
      },
    },
  });
}

/** The signed-in user from Amplify's stored session (survives reloads), or null. */
export async function currentUser(): Promise<User | null> {
  try {
    const user = await getCurrentUser();
    return { username: user.signInDetails?.loginId ?? user.username };
  } catch {
    return null;
  }
}

export async function signInWithPassword(username: string, password: string): Promise<User> {
  try {
    // The local Cognito emulator speaks USER_PASSWORD_AUTH only (no SRP); the cloud client allows it too.
    const result = await signIn({ username, password, options: { authFlowType: "USER_PASSWORD_AUTH" } });
    if (!result.isSignedIn) {
      throw new Error(`Sign-in needs a step this app does not support yet (${result.nextStep.signInStep}).`);
    }
  } catch (error) {
    throw new Error(friendlyAuthError(error));
  }
  return (await currentUser()) ?? { username };
}

export async function signOutUser(): Promise<void> {
  await signOut();
}

/** The API and the WebSocket verify Cognito ID tokens (audience = app client id). Amplify refreshes them. */
export async function idToken(): Promise<string> {
  const session = await fetchAuthSession();
  const token = session.tokens?.idToken?.toString();
  if (!token) throw new Error("You are signed out. Please sign in again.");
  return token;
}

function friendlyAuthError(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  switch (name) {
    case "NotAuthorizedException":
    // The local Cognito emulator answers a wrong password with this one instead.
    case "InvalidPasswordException":
      return "Wrong email or password.";
    case "UserNotFoundException":
      return "No account with that email.";
    case "UserNotConfirmedException":
      return "This account is not confirmed yet.";
    case "PasswordResetRequiredException":
      return "This account needs a password reset.";
    case "TooManyRequestsException":
    case "LimitExceededException":
      return "Too many attempts. Please wait a moment and try again.";
    case "EmptySignInUsername":
      return "Enter your email.";
    case "EmptySignInPassword":
      return "Enter your password.";
    case "NetworkError":
      return "Cannot reach the sign-in service.";
    default:
      return error instanceof Error && error.message ? error.message : "Sign-in failed.";
  }
}
