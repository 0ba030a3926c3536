/// <reference types="node" />
// Issue 18, item 6: the code and results panes can be resized by dragging the handle between them and
// by keyboard (a focusable separator, arrow keys), and so can the output against the complexity and
// history below it; the splits are kept per account across reloads; at phone width the panes stack
// and there is no handle. 390×844 and 1280×720, light and dark, with axe.
import type { Locator, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  browserSuite,
  checkScreen,
  closeClean,
  DESKTOP,
  forEachScreen,
  isPhone,
  openSignedIn,
  reportingFailure,
} from "./support/browser";

const suite = browserSuite();

const handle = (page: Page) => page.getByRole("separator", { name: "Resize the code and results panes" });
const outputHandle = (page: Page) => page.getByRole("separator", { name: "Resize the output and the panes below it" });
const ariaValue = (separator: Locator) => separator.getAttribute("aria-valuenow").then(Number);
const valueNow = (page: Page) => ariaValue(handle(page));
async function height(page: Page, selector: string): Promise<number> {
  const found = await page.locator(selector).boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found.height;
}
async function width(page: Page, selector: string): Promise<number> {
  const found = await page.locator(selector).boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found.width;
}

describe.sequential("resizable panes", () => {
  test("on a desktop: drag the handle and use the arrow keys, the split kept after a reload; on a phone the panes stack with no handle", async () => {
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    await forEachScreen(page, (screen, label) =>
      reportingFailure(page, `panes-${label}`, watch, async () => {
        if (isPhone(screen)) {
          expect(await page.getByRole("separator").count()).toBe(0);
          const code = await page.locator("#code-pane").boundingBox();
          const results = await page.locator("#results-pane").boundingBox();
          if (!code || !results) throw new Error("panes missing");
          expect(results.y).toBeGreaterThanOrEqual(code.y + code.height);
          expect(code.width).toBeGreaterThan(screen.width - 40);
          expect(results.width).toBeGreaterThan(screen.width - 40);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
          await checkScreen(page, `panes-${label}`, { fullPage: true });
          return;
        }
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
        await checkScreen(page, `panes-${label}`);

        // Kept for this account: a reload opens with the same split.
        await page.reload();
        await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
        await expect.poll(() => valueNow(page)).toBe(chosen);
        expect(Math.abs((await width(page, "#code-pane")) - chosenWidth)).toBeLessThan(4);
        // A double click puts it back where it started (and the next screen starts there too).
        await handle(page).dblclick();
        await expect.poll(() => valueNow(page)).toBe(58);

        // The results column: a row handle between the output and the complexity and history below it.
        const rows = outputHandle(page);
        expect(await rows.getAttribute("aria-orientation")).toBe("horizontal");
        expect(await rows.getAttribute("tabindex")).toBe("0");
        const outputStart = await ariaValue(rows);
        expect(outputStart).toBe(50);
        const outputBefore = await height(page, "#output-panel");
        const historyBefore = await height(page, "#history-panel");
        const rowBox = await rows.boundingBox();
        if (!rowBox) throw new Error("no output handle");
        await page.mouse.move(rowBox.x + rowBox.width / 2, rowBox.y + rowBox.height / 2);
        await page.mouse.down();
        await page.mouse.move(rowBox.x + rowBox.width / 2, rowBox.y + rowBox.height / 2 + 40, { steps: 4 });
        await page.mouse.move(rowBox.x + rowBox.width / 2, rowBox.y + rowBox.height / 2 + 80, { steps: 4 });
        await page.mouse.up();
        await expect.poll(() => height(page, "#output-panel")).toBeGreaterThan(outputBefore + 50);
        expect(await height(page, "#history-panel")).toBeLessThan(historyBefore - 30);
        const lower = await ariaValue(rows);
        expect(lower).toBeGreaterThan(outputStart + 5);
        // By keyboard: up makes the output shorter, 2 % a press; End stops with the panes below at their minimum.
        await rows.focus();
        for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowUp");
        await expect.poll(() => ariaValue(rows)).toBe(lower - 6);
        await page.keyboard.press("End");
        await expect.poll(async () => Math.round(await height(page, "#history-panel"))).toBeGreaterThan(0);
        const atEnd = await ariaValue(rows);
        await page.keyboard.press("Home");
        await expect.poll(async () => Math.round(await height(page, "#output-panel"))).toBeGreaterThanOrEqual(120);
        expect(await ariaValue(rows)).toBeLessThan(atEnd);
        for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowDown");
        const outputChosen = await ariaValue(rows);
        // Nothing spills: the page still does not scroll.
        expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(screen.height);
        await page.reload();
        await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
        await expect.poll(() => ariaValue(outputHandle(page))).toBe(outputChosen);
        await outputHandle(page).dblclick();
        await expect.poll(() => ariaValue(outputHandle(page))).toBe(50);
      }),
    );
    await closeClean(context, watch);
  });
});
