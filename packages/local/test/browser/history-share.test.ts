/// <reference types="node" />
// Issue 18, item 7 and "share a run by link", in chromium against the whole local stack: the history
// is one Tab stop with arrows inside, searched by title and code, renamed (F2) and deleted (Del, with a
// confirmation) from the keyboard alone; a finished run is shared, a second user opens the link,
// copies the run into their editor (with Undo), the owner revokes it and the link is a 404. Each
// screen at 1280×720 and 390×844 passes axe with no serious or critical violation.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type BrowserStack,
  reportingFailure,
  screenshot,
  seriousA11yViolations,
  signIn,
  type Stack,
  startBrowserStack,
  watchPage,
  type PageWatch,
} from "./support/browser";

let env: BrowserStack;
let stack: Stack;
const OWNER = { username: "owner@code-remote.local", password: "Owner-Passw0rd!" };
const READER = { username: "reader@code-remote.local", password: "Reader-Passw0rd!" };

beforeAll(async () => {
  env = await startBrowserStack({
    settings: { CR_LIMIT_EXECUTE_PER_MINUTE: "1000", CR_LIMIT_MAX_QUEUED_PER_USER: "1000" },
  });
  stack = env.stack;
  await stack.createUser(OWNER.username, OWNER.password);
  await stack.createUser(READER.username, READER.password);
});

afterAll(async () => {
  await env?.stop();
});

interface Screen {
  width: number;
  height: number;
}
const DESKTOP: Screen = { width: 1280, height: 720 };
const PHONE: Screen = { width: 390, height: 844 };

/** A fresh context (own storage) at `url`, signed in as `user`. */
async function open(screen: Screen, user: { username: string; password: string }, url = stack.urls.web) {
  const phone = screen.width < 600;
  const context = await env.browser.newContext({ viewport: screen, isMobile: phone, hasTouch: phone });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.urls.web });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  await page.goto(url);
  await signIn(page, user);
  // The workspace's editor takes the focus once it has loaded: wait for it before any keyboard work.
  if (url === stack.urls.web) await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
  return { context, page, watch };
}

async function done(context: BrowserContext, watch: PageWatch) {
  expect(watch.offLoopback).toEqual([]);
  // A 404 of a revoked link is an expected answer the page shows; nothing else may reach the console.
  expect(watch.consoleErrors.filter((line) => !/status of 404/.test(line))).toEqual([]);
  await context.close();
}

const id = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`);
const editorText = (page: Page) =>
  page
    .locator(".monaco-editor .view-lines")
    .innerText()
    .then((text) => text.replace(/\u00a0/g, " "));
const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName ?? "");
const focusedJob = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-row") ?? null);

async function api(user: { username: string; password: string }) {
  const { idToken } = await stack.signIn(user.username, user.password);
  return (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${stack.urls.api}${path}`, {
      method: init.method ?? "GET",
      headers: { Authorization: `Bearer ${idToken}`, "Content-Type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
}

/** Submit through the API and wait until the job has ended; its id. */
async function submitAndWait(
  user: { username: string; password: string },
  body: Record<string, unknown>,
): Promise<string> {
  const call = await api(user);
  const { job } = (await (await call("/execute", { method: "POST", body })).json()) as { job: { jobId: string } };
  await expect
    .poll(async () => ((await (await call(`/jobs/${job.jobId}`)).json()) as { job: { state: string } }).job.state, {
      timeout: 30_000,
      interval: 200,
    })
    .toMatch(/finished|cancelled|failed/);
  return job.jobId;
}

async function expectNoSeriousViolations(page: Page, what: string) {
  expect(await seriousA11yViolations(page), `axe on ${what}`).toEqual([]);
}

describe("history management, keyboard only", () => {
  test("one Tab stop, arrows inside; search by title and code; F2 renames; Del deletes after a confirmation; Enter reopens with Undo", async () => {
    const alpha = await submitAndWait(OWNER, { code: "print('alpha')" });
    const beta = await submitAndWait(OWNER, { code: "print('beta')\n" });
    const gamma = await submitAndWait(OWNER, { code: "print('gamma')" });
    const { context, page, watch } = await open(DESKTOP, OWNER);
    await reportingFailure(page, "history-keyboard", watch, async () => {
      const rows = id(page, "history-row");
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(3);
      // Newest first.
      expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-job-id")))).toEqual([
        gamma,
        beta,
        alpha,
      ]);

      // The full time on hover.
      const title = await rows.first().locator("time").getAttribute("title");
      expect(title).toContain(String(new Date().getFullYear()));

      // One Tab stop: from the search box, Tab enters the list at one row; the next Tab leaves the list.
      await id(page, "history-search").focus();
      await page.keyboard.press("Tab");
      expect(await focusedJob(page)).toBe(gamma);
      expect(await focusedTestId(page)).toBe("history-item");
      expect(await id(page, "history-list").locator('[tabindex="0"]').count()).toBe(1);
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="history-list"]') === null)).toBe(
        true,
      );
      await page.keyboard.press("Shift+Tab");
      expect(await focusedJob(page)).toBe(gamma);

      // Arrows move inside.
      await page.keyboard.press("ArrowDown");
      expect(await focusedJob(page)).toBe(beta);
      await page.keyboard.press("End");
      expect(await focusedJob(page)).toBe(alpha);
      await page.keyboard.press("Home");
      expect(await focusedJob(page)).toBe(gamma);
      await page.keyboard.press("ArrowUp"); // already at the top: stays
      expect(await focusedJob(page)).toBe(gamma);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      expect(await focusedJob(page)).toBe(alpha);
      // The tab stop followed the focus: still one.
      expect(await id(page, "history-list").locator('[tabindex="0"]').count()).toBe(1);

      // F2 renames alpha; Enter saves; the row shows the title, the server has it.
      await page.keyboard.press("F2");
      expect(await focusedTestId(page)).toBe("history-rename-input");
      await page.keyboard.type("  Greeting Alpha ");
      await page.keyboard.press("Enter");
      const alphaRow = page.locator(`[data-testid="history-row"][data-job-id="${alpha}"]`);
      await expect.poll(() => alphaRow.locator('[data-testid="history-title"]').innerText()).toBe("Greeting Alpha");
      expect(await focusedJob(page)).toBe(alpha);
      const call = await api(OWNER);
      expect(((await (await call(`/jobs/${alpha}`)).json()) as { job: { title?: string } }).job.title).toBe(
        "Greeting Alpha",
      );
      // Escape keeps the old name.
      await page.keyboard.press("F2");
      await page.keyboard.type("never saved");
      await page.keyboard.press("Escape");
      expect(await alphaRow.locator('[data-testid="history-title"]').innerText()).toBe("Greeting Alpha");
      await screenshot(page, "history-renamed-1280");

      // Search by title, then by code; ArrowDown from the box goes into the filtered list.
      await page.keyboard.press("Shift+Tab");
      expect(await focusedTestId(page)).toBe("history-search");
      await page.keyboard.type("greeting");
      await expect.poll(() => id(page, "history-row").count()).toBe(1);
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("'BETA'");
      await expect.poll(() => id(page, "history-row").count()).toBe(1);
      await page.keyboard.press("ArrowDown");
      expect(await focusedJob(page)).toBe(beta);
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("nothing like this");
      await id(page, "history-no-match").waitFor();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.press("Backspace");
      await expect.poll(() => id(page, "history-row").count()).toBe(3);
      await expectNoSeriousViolations(page, "history at 1280×720");

      // Del on gamma asks first; Escape keeps it; Del then Enter deletes it, and focus moves to the next run.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Home");
      expect(await focusedJob(page)).toBe(gamma);
      await page.keyboard.press("Delete");
      await id(page, "history-confirm").waitFor();
      expect(await focusedTestId(page)).toBe("history-confirm-delete");
      await expectNoSeriousViolations(page, "history delete confirmation");
      await screenshot(page, "history-confirm-delete-1280");
      await page.keyboard.press("Escape");
      expect(await id(page, "history-confirm").count()).toBe(0);
      expect(await id(page, "history-row").count()).toBe(3);
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      expect(await focusedTestId(page)).toBe("history-item");
      await page.keyboard.press("Delete");
      await id(page, "history-confirm").waitFor();
      await page.keyboard.press("Enter");
      await expect.poll(() => id(page, "history-row").count()).toBe(2);
      await expect.poll(() => focusedJob(page)).toBe(beta);
      expect((await call(`/jobs/${gamma}`)).status).toBe(404);

      // Enter reopens beta: its code replaces the draft, one step from Undo (as before).
      await page.keyboard.press("Enter");
      await expect.poll(() => editorText(page)).toContain("print('beta')");
      await id(page, "undo-toast").waitFor();
      await id(page, "undo-replace").click();
      await expect.poll(() => editorText(page)).not.toContain("print('beta')");
    });
    await done(context, watch);
  });

  test("a phone shows the same history, actions reachable, with no serious axe violation", async () => {
    const { context, page, watch } = await open(PHONE, OWNER);
    await reportingFailure(page, "history-phone", watch, async () => {
      await expect.poll(() => id(page, "history-row").count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      await id(page, "history").scrollIntoViewIfNeeded();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      for (const action of ["history-share", "history-rename", "history-delete"]) {
        const found = await id(page, action).first().boundingBox();
        expect(found, action).not.toBeNull();
        expect(found!.x + found!.width, action).toBeLessThanOrEqual(390);
      }
      await expectNoSeriousViolations(page, "history at 390×844");
      await screenshot(page, "history-phone", { fullPage: true });
    });
    await done(context, watch);
  });
});

describe("share a run by link", () => {
  test("the owner shares a finished run; another user opens the link, copies it into their editor; revoked, the link is a 404", async () => {
    const code = "name = input()\nprint(f'Hello, {name}!')";
    const jobId = await submitAndWait(OWNER, { code, stdin: "Ada\n" });
    const owner = await open(DESKTOP, OWNER);
    let link = "";
    await reportingFailure(owner.page, "share-owner", owner.watch, async () => {
      // Reopen the run; the finished run's headline has Share, which creates the link and copies it.
      const row = owner.page.locator(`[data-testid="history-item"][data-job-id="${jobId}"]`);
      await row.waitFor({ timeout: 20_000 });
      await row.click();
      await id(owner.page, "share-run").click();
      await id(owner.page, "share-run-link").waitFor();
      link = await id(owner.page, "share-run-link").inputValue();
      expect(link).toMatch(new RegExp(`^${stack.urls.web}/s/[A-Za-z0-9_-]{43}$`));
      expect(await owner.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await expect
        .poll(() => owner.page.locator(`[data-testid="history-row"][data-job-id="${jobId}"] .history-shared`).count())
        .toBe(1);
      await screenshot(owner.page, "share-created-1280");
      // From the history row too (keyboard: → to Share, Enter): the same link.
      await owner.page.locator(`[data-testid="history-item"][data-job-id="${jobId}"]`).focus();
      await owner.page.keyboard.press("ArrowRight");
      expect(await focusedTestId(owner.page)).toBe("history-share");
      await owner.page.keyboard.press("Enter");
      await expect.poll(() => id(owner.page, "share-link").inputValue()).toBe(link);
    });

    // A second user, in their own browser: the link asks them to sign in, then shows the run, read-only.
    for (const screen of [DESKTOP, PHONE]) {
      const reader = await open(screen, READER, link);
      await reportingFailure(reader.page, `share-reader-${screen.width}`, reader.watch, async () => {
        await id(reader.page, "shared-code").waitFor({ timeout: 20_000 });
        expect(new URL(reader.page.url()).pathname).toBe(new URL(link).pathname);
        expect(await id(reader.page, "shared-code").innerText()).toBe(code);
        expect(await id(reader.page, "shared-stdin").innerText()).toBe("Ada\n");
        expect(await id(reader.page, "shared-stdout").innerText()).toContain("Hello, Ada!");
        expect(
          await reader.page
            .locator('[data-testid="shared-result"] [data-testid="verdict"]')
            .getAttribute("data-verdict"),
        ).toBe("ok");
        expect(await id(reader.page, "shared-revoke").count()).toBe(0); // not theirs
        expect(await reader.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          screen.width,
        );
        await expectNoSeriousViolations(reader.page, `shared run at ${screen.width}×${screen.height}`);
        await screenshot(reader.page, `shared-run-${screen.width}`, { fullPage: true });
        if (screen === DESKTOP) {
          // Copy to my editor: the workspace, with the run's code and input, one step from Undo.
          await id(reader.page, "shared-copy-to-editor").click();
          await reader.page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
          expect(new URL(reader.page.url()).pathname).toBe("/");
          await expect.poll(() => editorText(reader.page)).toContain("print(f'Hello, {name}!')");
          await id(reader.page, "undo-toast").waitFor();
          expect(await id(reader.page, "undo-toast").innerText()).toContain("shared run");
          // The reader's own history does not get the owner's run.
          expect(await reader.page.locator(`[data-testid="history-item"][data-job-id="${jobId}"]`).count()).toBe(0);
        }
      });
      await done(reader.context, reader.watch);
    }

    // The owner opens the link: the page offers Revoke; after it, the link opens nothing for anyone.
    await reportingFailure(owner.page, "share-revoke", owner.watch, async () => {
      await owner.page.goto(link);
      await id(owner.page, "shared-revoke").waitFor({ timeout: 20_000 });
      await expectNoSeriousViolations(owner.page, "shared run, owner's view");
      await id(owner.page, "shared-revoke").click();
      await id(owner.page, "shared-missing").waitFor();
      expect(await id(owner.page, "shared-missing").innerText()).toContain("Link revoked");
    });
    await done(owner.context, owner.watch);

    const late = await open(DESKTOP, READER, link);
    await reportingFailure(late.page, "share-revoked-reader", late.watch, async () => {
      await id(late.page, "shared-missing").waitFor({ timeout: 20_000 });
      expect(await id(late.page, "shared-missing").innerText()).toContain("not available");
      await expectNoSeriousViolations(late.page, "revoked link");
      await screenshot(late.page, "shared-run-revoked-1280");
    });
    await done(late.context, late.watch);
    const call = await api(READER);
    expect((await call(new URL(link).pathname.replace("/s/", "/shared/"))).status).toBe(404);
  });
});
