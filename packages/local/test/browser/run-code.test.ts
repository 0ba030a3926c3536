/// <reference types="node" />
// End to end in a real browser: sign in as the demo user, type Python into Monaco, run it with
// Ctrl+Enter and watch the result arrive over the WebSocket, all against the local stack on loopback.
import { expect, test } from "vitest";
import { browserSuite, reportingFailure, screenshot, signIn, watchPage } from "./support/browser";

const suite = browserSuite();

test("signs in, runs print(sum(range(10))) with Ctrl+Enter, shows 45 with verdict ok, survives a reload, signs out", async () => {
  const { stack, browser } = suite.env;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  // Ctrl+Enter is bound in Monaco and on the page: one press must submit exactly one job.
  let executes = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname.endsWith("/execute")) executes += 1;
  });

  await reportingFailure(page, "run-code", watch, async () => {
    await page.goto(stack.urls.web);
    // The realtime socket is up before we run, so the result must arrive as a WebSocket frame.
    await signIn(page, stack.auth.demoUser);

    const editor = page.locator(".monaco-editor .view-lines");
    await editor.waitFor({ timeout: 20_000 });
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("print(sum(range(10)))");
    await page.keyboard.press("Control+Enter");

    await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="verdict"]').getAttribute("data-verdict")).toBe("ok");
    expect((await page.locator('[data-testid="stdout"]').textContent())?.trim()).toBe("45");

    await screenshot(page, "run-code");

    // The session survives a reload (Amplify's storage), and so do the code and the job on screen.
    await page.reload();
    await page.locator('[data-testid="verdict"][data-verdict="ok"]').waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Email").waitFor();
  });

  expect(executes).toBe(1);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offLoopback).toEqual([]);
  await context.close();
});
