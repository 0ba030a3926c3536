/// <reference types="node" />
// Issue 18, item 7 and "share a run by link", in chromium against the whole local stack: the history
// is one Tab stop with arrows inside, searched by title and code, renamed (F2) and deleted (Del, with a
// confirmation) from the keyboard alone; a finished run is shared, a second user opens the link,
// copies the run into their editor (with Undo), the owner revokes it and the link is a 404. Each
// screen at 1280×720 and 390×844 passes axe with no serious or critical violation.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import {
  browserSuite,
  byTestId,
  checkScreen,
  closeClean,
  DESKTOP,
  expectAccessible,
  forEachScreen,
  isPhone,
  loadDraft,
  openSignedIn,
  type PageWatch,
  reportingFailure,
  type Screen,
  SCREENS,
  screenshot,
} from "./support/browser";

const suite = browserSuite({ settings: { CR_LIMIT_EXECUTE_PER_MINUTE: "1000", CR_LIMIT_MAX_QUEUED_PER_USER: "1000" } });
const OWNER = { username: "owner@code-remote.local", password: "Owner-Passw0rd!" };
const READER = { username: "reader@code-remote.local", password: "Reader-Passw0rd!" };
const PHONE = SCREENS[0]!;

beforeAll(async () => {
  await suite.stack.createUser(OWNER.username, OWNER.password);
  await suite.stack.createUser(READER.username, READER.password);
});

/** A fresh context (own storage, the clipboard allowed) at `url`, signed in as `user`. */
const open = (screen: Screen, user: { username: string; password: string }, url?: string) =>
  openSignedIn(suite.env, screen, user, { clipboard: true, ...(url ? { url } : {}) });

/** A 404 of a revoked link is an expected answer the page shows; nothing else may reach the console. */
async function done(context: BrowserContext, watch: PageWatch) {
  watch.consoleErrors = watch.consoleErrors.filter((line) => !/status of 404/.test(line));
  await closeClean(context, watch);
}

const editorText = (page: Page) =>
  page
    .locator(".monaco-editor .view-lines")
    .innerText()
    .then((text) => text.replace(/\u00a0/g, " "));
const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName ?? "");
const focusedJob = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-row") ?? null);

async function api(user: { username: string; password: string }) {
  const { idToken } = await suite.stack.signIn(user.username, user.password);
  return (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${suite.stack.urls.api}${path}`, {
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

describe("history management, keyboard only", () => {
  test("one Tab stop, arrows inside; search by title and code; F2 renames; Del deletes after a confirmation; Enter reopens with Undo", async () => {
    const alpha = await submitAndWait(OWNER, { code: "print('alpha')" });
    const beta = await submitAndWait(OWNER, { code: "print('beta')\n" });
    const gamma = await submitAndWait(OWNER, { code: "print('gamma')" });
    const { context, page, watch } = await open(DESKTOP, OWNER);
    await reportingFailure(page, "history-keyboard", watch, async () => {
      const rows = byTestId(page, "history-row");
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
      await byTestId(page, "history-search").focus();
      await page.keyboard.press("Tab");
      expect(await focusedJob(page)).toBe(gamma);
      expect(await focusedTestId(page)).toBe("history-item");
      expect(await byTestId(page, "history-list").locator('[tabindex="0"]').count()).toBe(1);
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
      expect(await byTestId(page, "history-list").locator('[tabindex="0"]').count()).toBe(1);

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
      await expect.poll(() => byTestId(page, "history-row").count()).toBe(1);
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("'BETA'");
      await expect.poll(() => byTestId(page, "history-row").count()).toBe(1);
      await page.keyboard.press("ArrowDown");
      expect(await focusedJob(page)).toBe(beta);
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("nothing like this");
      await byTestId(page, "history-no-match").waitFor();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.press("Backspace");
      await expect.poll(() => byTestId(page, "history-row").count()).toBe(3);
      await expectAccessible(page, "history at 1280×720");

      // Del on gamma asks first; Escape keeps it; Del then Enter deletes it, and focus moves to the next run.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Home");
      expect(await focusedJob(page)).toBe(gamma);
      await page.keyboard.press("Delete");
      await byTestId(page, "history-confirm").waitFor();
      expect(await focusedTestId(page)).toBe("history-confirm-delete");
      await expectAccessible(page, "history delete confirmation");
      await screenshot(page, "history-confirm-delete-1280");
      await page.keyboard.press("Escape");
      expect(await byTestId(page, "history-confirm").count()).toBe(0);
      expect(await byTestId(page, "history-row").count()).toBe(3);
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      expect(await focusedTestId(page)).toBe("history-item");
      await page.keyboard.press("Delete");
      await byTestId(page, "history-confirm").waitFor();
      await page.keyboard.press("Enter");
      await expect.poll(() => byTestId(page, "history-row").count()).toBe(2);
      await expect.poll(() => focusedJob(page)).toBe(beta);
      expect((await call(`/jobs/${gamma}`)).status).toBe(404);

      // Enter reopens beta: its code replaces the draft, one step from Undo (as before).
      await page.keyboard.press("Enter");
      await expect.poll(() => editorText(page)).toContain("print('beta')");
      await byTestId(page, "undo-toast").waitFor();
      await byTestId(page, "undo-replace").click();
      await expect.poll(() => editorText(page)).not.toContain("print('beta')");
    });
    await done(context, watch);
  });

  test("on each screen the same history shows, its actions reachable, with no serious axe violation", async () => {
    const { context, page, watch } = await open(DESKTOP, OWNER);
    await expect.poll(() => byTestId(page, "history-row").count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await forEachScreen(page, (screen, label) =>
      reportingFailure(page, `history-${label}`, watch, async () => {
        await byTestId(page, "history").scrollIntoViewIfNeeded();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(screen.width);
        for (const action of ["history-share", "history-rename", "history-delete"]) {
          const found = await byTestId(page, action).first().boundingBox();
          expect(found, action).not.toBeNull();
          expect(found!.x + found!.width, action).toBeLessThanOrEqual(screen.width);
        }
        await checkScreen(page, `history-${label}`, { fullPage: isPhone(screen) });
      }),
    );
    await done(context, watch);
  });
});

describe("history search", () => {
  test("searches the whole history on the server, not only the runs loaded so far", async () => {
    const user = { username: `searcher-${Date.now().toString(36)}@code-remote.local`, password: "Search-Passw0rd!" };
    await suite.stack.createUser(user.username, user.password);
    const call = await api(user);
    // The oldest run holds the needle; twenty newer ones fill the first page of the history.
    const needle = await submitAndWait(user, { code: "print('the Needle run')" });
    for (let i = 0; i < 20; i++) await call("/execute", { method: "POST", body: { code: `print('hay ${i}')` } });
    await expect
      .poll(
        async () =>
          ((await (await call("/jobs?limit=100")).json()) as { jobs: Array<{ state: string }> }).jobs.filter(
            (job) => !/finished|failed|cancelled/.test(job.state),
          ).length,
        {
          timeout: 60_000,
          interval: 250,
        },
      )
      .toBe(0);
    const { context, page, watch } = await open(DESKTOP, user);
    await reportingFailure(page, "history-search", watch, async () => {
      await expect.poll(() => byTestId(page, "history-row").count(), { timeout: 20_000 }).toBe(20);
      expect(await page.locator(`[data-testid="history-row"][data-job-id="${needle}"]`).count()).toBe(0);
      // The server answers the search with the run, from below the pages loaded.
      const searched = page.waitForResponse((response) => new URL(response.url()).searchParams.get("q") === "NEEDLE");
      await byTestId(page, "history-search").fill("NEEDLE");
      const answer = (await (await searched).json()) as { jobs: Array<{ jobId: string }>; cursor: string | null };
      expect(answer.jobs.map((job) => job.jobId)).toEqual([needle]);
      expect(answer.cursor).toBeNull();
      await page.locator(`[data-testid="history-row"][data-job-id="${needle}"]`).waitFor({ timeout: 10_000 });
      expect(await byTestId(page, "history-row").count()).toBe(1);
      // Cleared: the history again (a page more, if the emptied list scrolled its end into view).
      await byTestId(page, "history-search").fill("");
      await expect.poll(() => byTestId(page, "history-row").count()).toBeGreaterThanOrEqual(20);
    });
    await done(context, watch);
  });
});

describe("a title given while the run runs", () => {
  test("stays on the history row when the run's later updates arrive over the WebSocket", async () => {
    const { context, page, watch } = await open(DESKTOP, OWNER);
    await reportingFailure(page, "history-title-while-running", watch, async () => {
      await loadDraft(page, { code: "import time\ntime.sleep(4)\nprint('slept')\n" });
      // The editor takes the focus once it has loaded: wait for it, or it takes it from the name field.
      await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
      await byTestId(page, "run").click();
      await page.locator('[data-testid="job-state"][data-state="running"]').waitFor({ timeout: 20_000 });
      const jobId = await byTestId(page, "job-state").getAttribute("data-job-id");
      const row = page.locator(`[data-testid="history-row"][data-job-id="${jobId}"]`);
      await row.locator('[data-testid="history-rename"]').click();
      await expect.poll(() => focusedTestId(page)).toBe("history-rename-input");
      await page.keyboard.type("Named while running");
      await page.keyboard.press("Enter");
      await expect.poll(() => row.locator('[data-testid="history-title"]').innerText()).toBe("Named while running");
      // The run is still running when the name is given; its end arrives as a push, not a refetch.
      expect(await byTestId(page, "job-state").getAttribute("data-state")).toBe("running");
      await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 20_000 });
      await expect.poll(() => row.locator('[data-testid="history-outcome"]').innerText()).toBe("ok");
      expect(await row.locator('[data-testid="history-title"]').innerText()).toBe("Named while running");
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
      await byTestId(owner.page, "share-run").click();
      await byTestId(owner.page, "share-run-link").waitFor();
      link = await byTestId(owner.page, "share-run-link").inputValue();
      expect(link).toMatch(new RegExp(`^${suite.stack.urls.web}/s/[A-Za-z0-9_-]{43}$`));
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
      await expect.poll(() => byTestId(owner.page, "share-link").inputValue()).toBe(link);
    });

    // A second user, in their own browser: the link asks them to sign in, then shows the run, read-only.
    for (const screen of [DESKTOP, PHONE]) {
      const reader = await open(screen, READER, link);
      await reportingFailure(reader.page, `share-reader-${screen.width}`, reader.watch, async () => {
        await byTestId(reader.page, "shared-code").waitFor({ timeout: 20_000 });
        expect(new URL(reader.page.url()).pathname).toBe(new URL(link).pathname);
        expect(await byTestId(reader.page, "shared-code").innerText()).toBe(code);
        expect(await byTestId(reader.page, "shared-stdin").innerText()).toBe("Ada\n");
        expect(await byTestId(reader.page, "shared-stdout").innerText()).toContain("Hello, Ada!");
        expect(
          await reader.page
            .locator('[data-testid="shared-result"] [data-testid="verdict"]')
            .getAttribute("data-verdict"),
        ).toBe("ok");
        expect(await byTestId(reader.page, "shared-revoke").count()).toBe(0); // not theirs
        expect(await reader.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          screen.width,
        );
        await expectAccessible(reader.page, `shared run at ${screen.width}×${screen.height}`);
        await screenshot(reader.page, `shared-run-${screen.width}`, { fullPage: true });
        if (screen === DESKTOP) {
          // Copy to my editor: the workspace, with the run's code and input, one step from Undo.
          await byTestId(reader.page, "shared-copy-to-editor").click();
          await reader.page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
          expect(new URL(reader.page.url()).pathname).toBe("/");
          await expect.poll(() => editorText(reader.page)).toContain("print(f'Hello, {name}!')");
          await byTestId(reader.page, "undo-toast").waitFor();
          expect(await byTestId(reader.page, "undo-toast").innerText()).toContain("shared run");
          // The reader's own history does not get the owner's run.
          expect(await reader.page.locator(`[data-testid="history-item"][data-job-id="${jobId}"]`).count()).toBe(0);
        }
      });
      await done(reader.context, reader.watch);
    }

    // The owner opens the link: the page offers Revoke; after it, the link opens nothing for anyone.
    await reportingFailure(owner.page, "share-revoke", owner.watch, async () => {
      await owner.page.goto(link);
      await byTestId(owner.page, "shared-revoke").waitFor({ timeout: 20_000 });
      await expectAccessible(owner.page, "shared run, owner's view");
      await byTestId(owner.page, "shared-revoke").click();
      await byTestId(owner.page, "shared-missing").waitFor();
      expect(await byTestId(owner.page, "shared-missing").innerText()).toContain("Link revoked");
    });
    await done(owner.context, owner.watch);

    const late = await open(DESKTOP, READER, link);
    await reportingFailure(late.page, "share-revoked-reader", late.watch, async () => {
      await byTestId(late.page, "shared-missing").waitFor({ timeout: 20_000 });
      expect(await byTestId(late.page, "shared-missing").innerText()).toContain("not available");
      await expectAccessible(late.page, "revoked link");
      await screenshot(late.page, "shared-run-revoked-1280");
    });
    await done(late.context, late.watch);
    const call = await api(READER);
    expect((await call(new URL(link).pathname.replace("/s/", "/shared/"))).status).toBe(404);
  });
});
