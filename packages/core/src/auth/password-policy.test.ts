import { describe, expect, it } from "vitest";
import { passwordPolicyViolation } from "./index";

describe("passwordPolicyViolation", () => {
  it.each([
    ["short", "Password not long enough"],
    ["Sh0rt!", "Password not long enough"],
    ["ALLUPPER1!", "Password must have lowercase characters"],
    ["alllower1!", "Password must have uppercase characters"],
    ["NoDigits!!", "Password must have numeric characters"],
    ["NoSymbol12", "Password must have symbol characters"],
    // A space counts as a symbol only inside the password, not at its ends.
    [" NoSymbol12", "Password must have symbol characters"],
    ["Has Space12", null],
    ["Passw0rd!-tests", null],
    ["Demo-abc_DEF-7a", null],
  ])("%j -> %s", (password, expected) => {
    expect(passwordPolicyViolation(password)).toBe(expected);
  });
});
