/// <reference types="node" />
// Issue 18, editor settings: font size, theme (system / light / dark, for the whole app and Monaco),
// word wrap, and Format (Ruff in WebAssembly, from our own assets), remembered per account; at
// 390×844 and 1280×720, light and dark, each screen checked by axe and kept as a screenshot.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  browserSuite,
  byTestId,
  checkScreen,
  screenshot,
  closeClean,
  DESKTOP,
  draftCode,
  nextFrames,
  forEachScreen,
  isPhone,
  loadDraft,
  openSignedIn,
  reportingFailure,
  signIn,
} from "./support/browser";

const suite = browserSuite();

/** Monaco's own rendering: its theme class and the font size of its text. */
const monacoTheme = (page: Page) =>
  page
    .locator(".monaco-editor")
    .first()
    .getAttribute("class")
    .then((c) => (c?.includes("vs-dark") ? "dark" : "light"));
const monacoFontSize = (page: Page) =>
  page.locator(".monaco-editor .view-lines").evaluate((element) => getComputedStyle(element).fontSize);
const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

/** Open Settings from the header by keyboard: focus the button, Enter. */
async function openSettings(page: Page) {
  await byTestId(page, "settings-button").focus();
  await page.keyboard.press("Enter");
  await byTestId(page, "settings").waitFor();
}

describe.sequential("editor settings", () => {
  test("on each screen: font size, the other theme over the system's, word wrap; kept after a reload; System follows the system", async () => {
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    await forEachScreen(page, (screen, label) =>
      reportingFailure(page, `settings-${label}`, watch, async () => {
        const other = screen.scheme === "light" ? "dark" : "light";
        // Start from this account's defaults (each screen's check puts them back), following the system.
        await expect.poll(() => page.locator("html").getAttribute("data-theme")).toBe(screen.scheme);
        await expect.poll(() => monacoTheme(page)).toBe(screen.scheme);
        expect(await monacoFontSize(page)).toBe("14px");
        const systemBackground = await pageBackground(page);

        await openSettings(page);
        // Keyboard only: the dialog's first control (font size) has focus; arrows move the slider.
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
          .toBe("font-size");
        for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
        await expect.poll(() => monacoFontSize(page)).toBe("20px");
        expect(await byTestId(page, "editor").getAttribute("data-font-size")).toBe("20");

        // The other theme, whatever the system says: the page and Monaco together.
        await page.getByRole("radio", { name: other === "light" ? "Light" : "Dark" }).check();
        await expect.poll(() => page.locator("html").getAttribute("data-theme")).toBe(other);
        await expect.poll(() => monacoTheme(page)).toBe(other);
        expect(await pageBackground(page)).not.toBe(systemBackground);
        await page.emulateMedia({ colorScheme: other === "light" ? "dark" : "light" });
        await page.emulateMedia({ colorScheme: screen.scheme });
        // Read after the page has seen the system's change (a frame later), or this could not fail.
        await nextFrames(page);
        expect(await page.locator("html").getAttribute("data-theme")).toBe(other);
        expect(await monacoTheme(page)).toBe(other);

        // Word wrap: a long line takes several rows when on, one when off.
        await loadDraftKeepingSettings(page, `x = [${Array.from({ length: 60 }, (_, i) => i).join(", ")}]\n`);
        await openSettings(page);
        const wrap = page.getByRole("checkbox", { name: "Word wrap" });
        if (!(await wrap.isChecked())) await wrap.check();
        await expect.poll(() => byTestId(page, "editor").getAttribute("data-word-wrap")).toBe("on");
        await expect.poll(() => page.locator(".monaco-editor .view-line").count()).toBeGreaterThan(2);
        await checkScreen(page, `settings-${label}`);
        await wrap.uncheck();
        await expect.poll(() => byTestId(page, "editor").getAttribute("data-word-wrap")).toBe("off");
        await expect.poll(() => page.locator(".monaco-editor .view-line").count()).toBeLessThanOrEqual(2);
        await wrap.check();

        // Esc closes the dialog and gives focus back to the button.
        await page.keyboard.press("Escape");
        await byTestId(page, "settings").waitFor({ state: "detached" });
        expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("settings-button");
        await checkScreen(page, `theme-${other}-over-${label}`, { fullPage: isPhone(screen) });

        // A reload brings all of it back.
        await page.reload();
        await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
        expect(await page.locator("html").getAttribute("data-theme")).toBe(other);
        await expect.poll(() => monacoTheme(page)).toBe(other);
        await expect.poll(() => monacoFontSize(page)).toBe("20px");
        expect(await byTestId(page, "editor").getAttribute("data-word-wrap")).toBe("on");

        // "System" follows the system again, live.
        await openSettings(page);
        await page.getByRole("radio", { name: "System" }).check();
        await expect.poll(() => page.locator("html").getAttribute("data-theme")).toBe(screen.scheme);
        await page.emulateMedia({ colorScheme: other });
        await expect.poll(() => page.locator("html").getAttribute("data-theme")).toBe(other);
        await expect.poll(() => monacoTheme(page)).toBe(other);
        await page.emulateMedia({ colorScheme: screen.scheme });
        await expect.poll(() => monacoTheme(page)).toBe(screen.scheme);
        // Back to the defaults for the next screen's test (same account).
        for (let i = 0; i < 6; i++) await byTestId(page, "font-size").press("ArrowLeft");
        await page.getByRole("checkbox", { name: "Word wrap" }).setChecked(isPhone(screen));
        await expect.poll(() => monacoFontSize(page)).toBe("14px");
        await page.keyboard.press("Escape");
      }),
    );
    await closeClean(context, watch);
  });

  test("settings belong to an account: another account on the same browser gets the defaults, sign-out clears the screen", async () => {
    const second = { username: `settings-${Date.now().toString(36)}@example.test`, password: "Sunny-Day-42!" };
    await suite.stack.createUser(second.username, second.password);
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    await reportingFailure(page, "settings-accounts", watch, async () => {
      await openSettings(page);
      await byTestId(page, "font-size").fill("22");
      await page.getByRole("radio", { name: "Dark" }).check();
      await expect.poll(() => monacoFontSize(page)).toBe("22px");
      await page.keyboard.press("Escape");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByLabel("Email").waitFor();
      // Signed out: the system's theme again, not the last account's.
      expect(await page.locator("html").getAttribute("data-theme")).toBe("light");

      await signIn(page, second);
      await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
      expect(await page.locator("html").getAttribute("data-theme")).toBe("light");
      await expect.poll(() => monacoFontSize(page)).toBe("14px");
      await openSettings(page);
      expect(await byTestId(page, "font-size").inputValue()).toBe("14");
      expect(await page.getByRole("radio", { name: "System" }).isChecked()).toBe(true);
      await page.keyboard.press("Escape");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByLabel("Email").waitFor();
      await signIn(page, suite.stack.auth.demoUser);
      await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
      await expect.poll(() => monacoFontSize(page)).toBe("22px");
      expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
      // Back to the defaults.
      await openSettings(page);
      await byTestId(page, "font-size").fill("14");
      await page.getByRole("radio", { name: "System" }).check();
      await expect.poll(() => monacoFontSize(page)).toBe("14px");
    });
    await closeClean(context, watch);
  });
});

/** loadDraft reloads the page: the settings survive it, which is part of what is tested. */
async function loadDraftKeepingSettings(page: Page, code: string) {
  await loadDraft(page, { code });
  await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
}

describe.sequential("format", () => {
  const MESSY = "def add( a,b ):\n  return a+b\nif True:\n        print( add(1,2) )\n";
  const FORMATTED = "def add(a, b):\n    return a + b\n\n\nif True:\n    print(add(1, 2))\n";
  test("on each screen: Format fixes the indentation as one undo step; a syntax error is said and the code kept", async () => {
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `format-${label}`, watch, async () => {
        await loadDraftKeepingSettings(page, MESSY);
        await byTestId(page, "format").click();
        await expect.poll(() => draftCode(page), { timeout: 20_000 }).toBe(FORMATTED);
        expect(await byTestId(page, "format-note").innerText()).toContain("Formatted");
        await screenshot(page, `format-${label}`);
        // One undo step back to exactly the code before.
        await page.locator(".monaco-editor .view-lines").click();
        await page.keyboard.press("ControlOrMeta+Z");
        await expect.poll(() => draftCode(page)).toBe(MESSY);
        // Shift+Alt+F in the editor does the same.
        await page.keyboard.press("Shift+Alt+F");
        await expect.poll(() => draftCode(page)).toBe(FORMATTED);

        const broken = "def f(:\n    pass\nprint( 1 )\n";
        await loadDraftKeepingSettings(page, broken);
        await byTestId(page, "format").click();
        await expect
          .poll(() => byTestId(page, "format-note").innerText(), { timeout: 20_000 })
          .toContain("Cannot format");
        const note = await byTestId(page, "format-note").innerText();
        expect(note).toContain("line 1");
        expect(note).toContain("not changed");
        expect(await draftCode(page)).toBe(broken);
        await checkScreen(page, `format-error-${label}`);
      }),
    );
    await closeClean(context, watch);
  });
});
