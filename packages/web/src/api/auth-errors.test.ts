import { describe, expect, it } from "vitest";
import { authErrorMessage } from "./auth-errors";

const named = (name: string, message = "") => Object.assign(new Error(message), { name });

describe("authErrorMessage", () => {
  it("turns Cognito's names into sentences", () => {
    expect(authErrorMessage(named("NotAuthorizedException", "Incorrect username or password."), "x")).toBe(
      "Wrong email or password.",
    );
    expect(authErrorMessage(named("InvalidPasswordException", "Invalid password"), "x")).toBe(
      "That password does not meet the requirements.",
    );
    expect(authErrorMessage(named("CodeMismatchException"), "x")).toMatch(/code is not right/);
    expect(authErrorMessage(named("UsernameExistsException"), "x")).toMatch(/already exists/);
  });

  it("says which password rule the pool rejected", () => {
    const error = named("InvalidPasswordException", "Password did not conform with policy: Password not long enough");
    expect(authErrorMessage(error, "x")).toBe("The password is too weak: it needs at least 8 characters.");
    const symbol = named(
      "InvalidPasswordException",
      "Password did not conform with policy: Password must have symbol characters",
    );
    expect(authErrorMessage(symbol, "x")).toBe("The password is too weak: it needs a symbol, such as ! or -.");
  });

  it("falls back to the error's own message, then to the default", () => {
    expect(authErrorMessage(named("Whatever", "Something odd"), "Sign-in failed.")).toBe("Something odd");
    expect(authErrorMessage("nope", "Sign-in failed.")).toBe("Sign-in failed.");
  });
});
