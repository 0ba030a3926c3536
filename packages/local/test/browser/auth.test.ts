/// <reference types="node" />
// Signing in as a new user meets it, beyond app.test's sign-up: a malformed email is named as such,
// a weak password is refused with the rule it breaks (by the form and by the pool, which the local
// twin enforces as Cognito does), and a forgotten password is reset with the code the stack prints.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { browserSuite, screenshot, seriousA11yViolations, watchPage } from "./support/browser";

let page: Page;
const stackLog: string[] = [];
const USER = `forgetful-${Date.now().toString(36)}@example.test`;
const suite = browserSuite({ log: (line) => stackLog.push(line) });

beforeAll(async () => {
  const { env } = suite;
  await suite.stack.createUser(USER, "First-Passw0rd!");
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  await watchPage(context, page);
  await page.goto(suite.stack.urls.web);
});

const error = () => page.locator('[data-testid="auth-error"]').innerText();

describe.sequential("sign-in forms", () => {
  test("a malformed email is named as such, before anything is sent", async () => {
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("whatever");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await error()).toBe("That is not an email address. Use the form name@example.com.");
  });

  test("a weak password is refused at sign-up with the rule it breaks, and no code is sent", async () => {
    await page.getByRole("button", { name: "No account? Create one" }).click();
    await page.getByLabel("Email").fill("weak@example.test");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    expect(await error()).toBe("The password is too weak: it needs at least 8 characters.");
    await page.getByLabel("Password").fill("longbutlower1!");
    await page.getByRole("button", { name: "Create account" }).click();
    expect(await error()).toBe("The password is too weak: it needs an upper case letter.");
    expect(suite.stack.confirmationCode("weak@example.test")).toBeUndefined();
    await page.getByRole("button", { name: "Already have an account? Sign in" }).click();
  });

  test("Forgot password? sends a code; the code and a new password sign the user in; the old password no longer works", async () => {
    await page.getByRole("button", { name: "Forgot password?" }).click();
    await page.getByLabel("Email").fill(USER);
    await page.getByRole("button", { name: "Send a reset code" }).click();
    await page.getByLabel("Reset code").waitFor();
    expect(await page.locator('[data-testid="local-code-hint"]').innerText()).toContain("npm start");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "auth-reset-phone");
    await expect.poll(() => suite.stack.confirmationCode(USER)).toMatch(/^\d{6}$/);
    expect(stackLog.some((line) => line.includes(USER) && line.includes(suite.stack.confirmationCode(USER)!))).toBe(
      true,
    );
    await page.getByLabel("Reset code").fill(suite.stack.confirmationCode(USER)!);
    await page.locator('input[name="password"]').fill("weakpassword");
    await page.getByRole("button", { name: "Set the new password" }).click();
    expect(await error()).toMatch(/^The password is too weak/);
    await page.locator('input[name="password"]').fill("Second-Passw0rd!");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.locator('[data-testid="connection"][data-status="open"]').waitFor({ timeout: 20_000 });
    await expect(suite.stack.signIn(USER, "First-Passw0rd!")).rejects.toThrow(/Incorrect username or password/);
    await expect(suite.stack.signIn(USER, "Second-Passw0rd!")).resolves.toMatchObject({ idToken: expect.any(String) });
  });
});
