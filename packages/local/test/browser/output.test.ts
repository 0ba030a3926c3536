/// <reference types="node" />
// What a run prints, shown as a terminal would: ANSI colours rendered (not raw escape characters), and
// an input() past the end of stdin pointing to the Input tab; test cases have visible field labels.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BrowserStack, loadDraft, screenshot, signIn, startBrowserStack, watchPage } from "./support/browser";

let env: BrowserStack;
let page: Page;

beforeAll(async () => {
  env = await startBrowserStack();
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  await watchPage(context, page);
  await page.goto(env.stack.urls.web);
  await signIn(page, env.stack.auth.demoUser);
});
afterAll(async () => {
  await env?.stop();
});

async function run(code: string) {
  await loadDraft(page, { code });
  const before =
    (await page.locator('[data-testid="job-state"]').count()) > 0
      ? await page.locator('[data-testid="job-state"]').getAttribute("data-job-id")
      : null;
  await page.locator('[data-testid="run"]').click();
  await expect
    .poll(() => page.locator('[data-testid="job-state"]').getAttribute("data-job-id"), { timeout: 30_000 })
    .not.toBe(before);
  await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
}

describe.sequential("output", () => {
  test("ANSI colours are shown as colours, and no escape character reaches the page", async () => {
    await run('print("\\x1b[31mred\\x1b[0m plain \\x1b[1;32mbold green\\x1b[0m\\x1b[2K")');
    const stdout = page.locator('[data-testid="stdout"]');
    await expect.poll(() => stdout.textContent()).toBe("red plain bold green\n");
    const red = stdout.locator("span", { hasText: /^red$/ });
    expect(await red.evaluate((el) => getComputedStyle(el).color)).not.toBe(
      await stdout.evaluate((el) => getComputedStyle(el).color),
    );
    expect(
      await stdout.locator("span", { hasText: "bold green" }).evaluate((el) => getComputedStyle(el).fontWeight),
    ).toBe("700");
    await screenshot(page, "output-ansi");
  });

  test("an input() past the end of stdin says to use the Input tab", async () => {
    await run("name = input()\nprint(name)");
    await expect.poll(() => page.locator('[data-testid="output-panel"]').innerText()).toMatch(/Input tab/);
  });

  test("test cases have visible Input and Expected output labels", async () => {
    await page.locator('[data-testid="tab-tests"]').click();
    await page
      .getByRole("button", { name: /Add (a )?test/i })
      .first()
      .click();
    const row = page.locator('[data-testid="test-row"]').first();
    await expect.poll(() => row.innerText()).toMatch(/Input[\s\S]*Expected output/);
    await expect.poll(() => page.getByLabel("Test 1 Input").count()).toBe(1);
  });
});
