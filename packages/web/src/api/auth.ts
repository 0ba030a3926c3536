import { Amplify } from "aws-amplify";
import {
  confirmResetPassword,
  confirmSignUp,
  fetchAuthSession,
  getCurrentUser,
  resendSignUpCode,
  resetPassword,
  signIn,
  signOut,
  signUp,
} from "aws-amplify/auth";
import type { RuntimeConfig } from "../config";
import { authErrorMessage } from "./auth-errors";

export interface User {
  username: string;
}

/** Thrown by signInWithPassword for an account whose email was never confirmed: the UI offers the code step. */
export class UnconfirmedError extends Error {
  constructor(readonly email: string) {
    super("This account is not confirmed yet. Enter the code we emailed you, or ask for a new one.");
    this.name = "UnconfirmedError";
  }
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
        signUpVerificationMethod: "code",
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
    if (result.nextStep.signInStep === "CONFIRM_SIGN_UP") throw new UnconfirmedError(username);
    if (!result.isSignedIn) {
      throw new Error(`Sign-in needs a step this app does not support yet (${result.nextStep.signInStep}).`);
    }
  } catch (error) {
    if (error instanceof UnconfirmedError) throw error;
    if (error instanceof Error && error.name === "UserNotConfirmedException") throw new UnconfirmedError(username);
    throw new Error(authErrorMessage(error, "Sign-in failed."));
  }
  return (await currentUser()) ?? { username };
}

/** Creates an unconfirmed account; a code goes to the email (in local mode: to the stack's log). */
export async function signUpWithEmail(email: string, password: string): Promise<{ confirmed: boolean }> {
  try {
    const result = await signUp({ username: email, password, options: { userAttributes: { email } } });
    return { confirmed: result.isSignUpComplete };
  } catch (error) {
    throw new Error(authErrorMessage(error, "Sign-up failed."));
  }
}

export async function confirmEmail(email: string, code: string): Promise<void> {
  try {
    await confirmSignUp({ username: email, confirmationCode: code });
  } catch (error) {
    throw new Error(authErrorMessage(error, "Confirmation failed."));
  }
}

export async function resendCode(email: string): Promise<void> {
  try {
    await resendSignUpCode({ username: email });
  } catch (error) {
    throw new Error(authErrorMessage(error, "Could not send a new code."));
  }
}

/** Forgot password: a code goes to the account's email (in local mode: to the stack's log). */
export async function requestPasswordReset(email: string): Promise<void> {
  try {
    await resetPassword({ username: email });
  } catch (error) {
    throw new Error(authErrorMessage(error, "Could not send a reset code."));
  }
}

export async function confirmPasswordReset(email: string, code: string, newPassword: string): Promise<void> {
  try {
    await confirmResetPassword({ username: email, confirmationCode: code, newPassword });
  } catch (error) {
    throw new Error(authErrorMessage(error, "Could not reset the password."));
  }
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
