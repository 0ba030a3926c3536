import { describe, expect, it } from "vitest";
import { authErrorMessage } from "./auth-errors";

const named = (name: string, message = "") => Object.assign(new Error(message), { name });

describe("authErrorMessage", () => {
  it("turns Cognito's names into sentences", () => {
    expect(authErrorMessage(named("NotAuthorizedException", "Incorrect username or password."), "x")).toBe(
      "Wrong email or password.",
    );
    expect(authErrorMessage(named("InvalidPasswordException", "Invalid password"), "x")).toBe("Wrong email or password.");
    expect(authErrorMessage(named("CodeMismatchException"), "x")).toMatch(/code is not right/);
    expect(authErrorMessage(named("UsernameExistsException"), "x")).toMatch(/already exists/);
  });

  it("says which password rule a real pool rejected", () => {
    const error = named("InvalidPasswordException", "Password did not conform with policy: Password not long enough");
    expect(authErrorMessage(error, "x")).toBe("The password is too weak: Password not long enough");
  });

  it("falls back to the error's own message, then to the default", () => {
    expect(authErrorMessage(named("Whatever", "Something odd"), "Sign-in failed.")).toBe("Something odd");
    expect(authErrorMessage("nope", "Sign-in failed.")).toBe("Sign-in failed.");
  });
});
