/// <reference types="node" />
// What a run prints, shown as a terminal would: ANSI colours rendered (not raw escape characters), and
// an input() past the end of stdin pointing to the Input tab; test cases have visible field labels.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import {
  browserSuite,
  byTestId,
  checkScreen,
  DESKTOP,
  forEachScreen,
  loadDraft,
  openSignedIn,
  type PageWatch,
  reportingFailure,
  runUntil,
} from "./support/browser";

const suite = browserSuite();
let page: Page;
let watch: PageWatch;

beforeAll(async () => {
  ({ page, watch } = await openSignedIn(suite.env, DESKTOP));
});

async function run(code: string) {
  await loadDraft(page, { code });
  await runUntil(page);
}

describe.sequential("output", () => {
  test("ANSI colours shown as colours (no escape character on the page), input() past the end of stdin pointing to the Input tab, labelled test fields: on each screen", async () => {
    // One run shows both: coloured lines, then an input() with no stdin left.
    await run('print("\\x1b[31mred\\x1b[0m plain \\x1b[1;32mbold green\\x1b[0m\\x1b[2K")\nname = input()\n');
    await byTestId(page, "tab-tests").click();
    await page
      .getByRole("button", { name: /Add (a )?test/i })
      .first()
      .click();
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `output-${label}`, watch, async () => {
        const stdout = byTestId(page, "stdout");
        await expect.poll(() => stdout.textContent()).toBe("red plain bold green\n");
        const red = stdout.locator("span", { hasText: /^red$/ });
        expect(await red.evaluate((el) => getComputedStyle(el).color)).not.toBe(
          await stdout.evaluate((el) => getComputedStyle(el).color),
        );
        expect(
          await stdout.locator("span", { hasText: "bold green" }).evaluate((el) => getComputedStyle(el).fontWeight),
        ).toBe("700");
        await expect.poll(() => byTestId(page, "output-panel").innerText()).toMatch(/Input tab/);
        const row = byTestId(page, "test-row").first();
        await expect.poll(() => row.innerText()).toMatch(/Input[\s\S]*Expected output/);
        expect(await page.getByLabel("Test 1 Input").isVisible()).toBe(true);
        await checkScreen(page, `output-${label}`, { fullPage: true });
      }),
    );
    expect(watch.consoleErrors).toEqual([]);
  });
});
