/// <reference types="node" />
// Issue 18, item 6: the code and results panes can be resized by dragging the handle between them and
// by keyboard (a focusable separator, arrow keys); the split is kept per account across reloads; at
// phone width the panes stack and there is no handle. 390×844 and 1280×720, light and dark, with axe.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type BrowserStack,
  byTestId,
  closeClean,
  openSignedIn,
  reportingFailure,
  type Screen,
  screenLabel,
  SCREENS,
  screenshot,
  seriousA11yViolations,
  type Stack,
  startBrowserStack,
} from "./support/browser";

let env: BrowserStack;
let stack: Stack;

beforeAll(async () => {
  env = await startBrowserStack();
  stack = env.stack;
});

afterAll(async () => {
  await env?.stop();
});

const label = screenLabel;

const open = (screen: Screen, user = stack.auth.demoUser) => openSignedIn(env, screen, user);

const id = byTestId;

const done = closeClean;

async function expectNoSeriousViolations(page: Page, what: string) {
  expect(await seriousA11yViolations(page), `axe on ${what}`).toEqual([]);
}

const handle = (page: Page) => page.getByRole("separator", { name: "Resize the code and results panes" });
const valueNow = (page: Page) => handle(page).getAttribute("aria-valuenow").then(Number);
async function width(page: Page, selector: string): Promise<number> {
  const found = await page.locator(selector).boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found.width;
}

describe.sequential("resizable panes", () => {
  for (const screen of SCREENS.filter((s) => s.width >= 1000)) {
    test(`${label(screen)}: drag the handle and use the arrow keys; the split is kept after a reload`, async () => {
      const { context, page, watch } = await open(screen);
      await reportingFailure(page, `panes-${label(screen)}`, watch, async () => {
        const separator = handle(page);
        expect(await separator.getAttribute("tabindex")).toBe("0");
        expect(await separator.getAttribute("aria-orientation")).toBe("vertical");
        const start = await valueNow(page);
        expect(start).toBe(58);
        const codeBefore = await width(page, "#code-pane");

        // By mouse: drag the handle 200 px to the left.
        const box = await separator.boundingBox();
        if (!box) throw new Error("no handle");
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2 - 100, box.y + box.height / 2, { steps: 4 });
        await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2, { steps: 4 });
        await page.mouse.up();
        await expect.poll(() => width(page, "#code-pane")).toBeLessThan(codeBefore - 150);
        const dragged = await valueNow(page);
        expect(dragged).toBeLessThan(start - 10);

        // By keyboard: the handle takes focus; each arrow moves it 2 %; Home and End stop at the minimums.
        await separator.focus();
        for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
        await expect.poll(() => valueNow(page)).toBe(dragged + 6);
        await page.keyboard.press("End");
        await expect.poll(async () => Math.round(await width(page, "#results-pane"))).toBeGreaterThanOrEqual(300);
        expect(await width(page, "#results-pane")).toBeLessThan(400);
        await page.keyboard.press("Home");
        await expect.poll(async () => Math.round(await width(page, "#code-pane"))).toBeGreaterThanOrEqual(320);
        expect(await width(page, "#code-pane")).toBeLessThan(420);
        for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
        const chosen = await valueNow(page);
        const chosenWidth = await width(page, "#code-pane");
        // Everything still fits: no page scrolling sideways, the editor as wide as its pane.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
        await expectNoSeriousViolations(page, `panes ${label(screen)}`);
        await screenshot(page, `panes-${label(screen)}`);

        // Kept for this account: a reload opens with the same split.
        await page.reload();
        await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
        await expect.poll(() => valueNow(page)).toBe(chosen);
        expect(Math.abs((await width(page, "#code-pane")) - chosenWidth)).toBeLessThan(4);
        // A double click puts it back where it started (and the next test starts there too).
        await handle(page).dblclick();
        await expect.poll(() => valueNow(page)).toBe(58);
      });
      await done(context, watch);
    });
  }

  for (const screen of SCREENS.filter((s) => s.width < 600)) {
    test(`${label(screen)}: the panes stack and no handle is shown`, async () => {
      const { context, page, watch } = await open(screen);
      await reportingFailure(page, `panes-${label(screen)}`, watch, async () => {
        expect(await page.getByRole("separator").count()).toBe(0);
        const code = await page.locator("#code-pane").boundingBox();
        const results = await page.locator("#results-pane").boundingBox();
        if (!code || !results) throw new Error("panes missing");
        expect(results.y).toBeGreaterThanOrEqual(code.y + code.height);
        expect(code.width).toBeGreaterThan(screen.width - 40);
        expect(results.width).toBeGreaterThan(screen.width - 40);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
        await expectNoSeriousViolations(page, `panes ${label(screen)}`);
        await screenshot(page, `panes-${label(screen)}`, { fullPage: true });
      });
      await done(context, watch);
    });
  }
});
