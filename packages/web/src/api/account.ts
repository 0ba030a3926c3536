import { getCurrentUser } from "aws-amplify/auth";

/** The signed-in account's stable id (Cognito's `sub`, the API's userId), or null when signed out. */
export async function currentUserId(): Promise<string | null> {
  try {
    return (await getCurrentUser()).userId;
  } catch {
    return null;
  }
}
