/// <reference types="node" />
// Issue 18 on every screen: a phone (390×844 and 360 wide) gets one scrolling column with every control
// reachable; 1280×720 and 1920×1080 still fit; each screen passes axe with no serious or critical
// violation, light and dark. A run's headline, the status line and the history row agree on what
// happened; drafts belong to an account; an example or a past run never replaces code without an undo;
// the keyboard can leave the editor; a second Run asks first; offline shows at once.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  browserSuite,
  byTestId,
  checkScreen,
  closeClean,
  DESKTOP,
  editorText,
  forEachScreen,
  isPhone,
  openSignedIn,
  pickExample,
  reportingFailure,
  type Screen,
  screenshot,
  signIn,
  typeCode,
} from "./support/browser";

const suite = browserSuite({ settings: { CR_LIMIT_EXECUTE_PER_MINUTE: "1000", CR_LIMIT_MAX_QUEUED_PER_USER: "1000" } });

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found;
}

/** Through the API as the demo user: submit, and wait until the job is final. */
async function submitAndWait(body: Record<string, unknown>): Promise<string> {
  const { stack } = suite;
  const { idToken } = await stack.signIn(stack.auth.demoUser.username, stack.auth.demoUser.password);
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.urls.api}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${idToken}`, "Content-Type": "application/json" },
    }).then((response) => response.json() as Promise<{ job: { jobId: string; state: string } }>);
  const { job } = await call("/execute", { method: "POST", body: JSON.stringify(body) });
  await expect
    .poll(async () => (await call(`/jobs/${job.jobId}`)).job.state, { timeout: 30_000, interval: 200 })
    .toMatch(/finished|cancelled|failed/);
  return job.jobId;
}

describe.sequential("every screen", () => {
  for (const screen of [
    { width: 390, height: 844, scheme: "light" },
    { width: 390, height: 844, scheme: "dark" },
    { width: 360, height: 740, scheme: "light" },
  ] satisfies Screen[]) {
    test(`a phone at ${screen.width}×${screen.height} (${screen.scheme}): one scrolling column, editor then Run then output, nothing cut off`, async () => {
      const { context, page, watch } = await openSignedIn(suite.env, screen);
      await reportingFailure(page, `phone-${screen.width}-${screen.scheme}`, watch, async () => {
        const name = `phone-${screen.width}-${screen.scheme}`;
        // Nothing wider than the screen; Sign out fully on it.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
        const signOut = await box(page, 'header button:has-text("Sign out")');
        expect(signOut.x + signOut.width).toBeLessThanOrEqual(screen.width);
        // Reading order down the page: editor, Run, output, complexity, history.
        const editor = await box(page, '[data-testid="editor"]');
        const run = await box(page, '[data-testid="run"]');
        const output = await box(page, '[data-testid="output-panel"]');
        const analysis = await box(page, '[data-testid="analysis-panel"]');
        const history = await box(page, '[data-testid="history"]');
        expect(editor.height).toBeGreaterThanOrEqual(240);
        expect(run.y).toBeGreaterThan(editor.y + editor.height);
        expect(output.y).toBeGreaterThan(run.y + run.height);
        expect(analysis.y).toBeGreaterThan(output.y);
        expect(history.y).toBeGreaterThan(analysis.y);
        // Complexity is readable, not a strip; the page itself scrolls to the end.
        expect(analysis.height).toBeGreaterThanOrEqual(70);
        expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(screen.height);
        await page.locator('[data-testid="history"]').scrollIntoViewIfNeeded();
        expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

        // Tap Run and Analyze: both reachable, the result shows below.
        await byTestId(page, "run").tap();
        await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
        expect(await byTestId(page, "headline-title").innerText()).toBe("Finished without errors");
        await byTestId(page, "analyze").tap();
        await byTestId(page, "analysis-time").waitFor({ timeout: 30_000 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
        await checkScreen(page, name, { fullPage: true });
      });
      await closeClean(context, watch);
    });
  }

  for (const screen of [
    { width: 1280, height: 720, scheme: "light" },
    { width: 1280, height: 720, scheme: "dark" },
    { width: 1920, height: 1080, scheme: "dark" },
  ] satisfies Screen[]) {
    test(`a desktop at ${screen.width}×${screen.height} (${screen.scheme}) fits without page scrolling and passes axe`, async () => {
      const { context, page, watch } = await openSignedIn(suite.env, screen);
      await reportingFailure(page, `desktop-${screen.width}-${screen.scheme}`, watch, async () => {
        await byTestId(page, "run").click();
        await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
        // Polled: the panes settle a frame or two after the final state arrives (slower under load).
        await expect
          .poll(() =>
            page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]),
          )
          .toEqual([screen.width, screen.height]);
        const output = await box(page, '[data-testid="output-panel"]');
        const editor = await box(page, '[data-testid="editor"]');
        expect(output.x).toBeGreaterThan(editor.x + editor.width); // two columns
        await checkScreen(page, `desktop-${screen.width}-${screen.scheme}`);
      });
      await closeClean(context, watch);
    });
  }

  test("the sign-in, sign-up and forgot-password screens fit and pass axe on each screen", async () => {
    const context = await suite.env.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(suite.stack.urls.web);
    await forEachScreen(page, async (screen, label) => {
      await page.getByLabel("Email").waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
      await checkScreen(page, `sign-in-${label}`);
      // A malformed email is named as such (not "wrong email or password").
      await page.getByLabel("Email").fill("not-an-email");
      await page.getByLabel("Password").fill("whatever");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      expect(await byTestId(page, "auth-error").innerText()).toBe(
        "That is not an email address. Use the form name@example.com.",
      );
      await screenshot(page, `sign-in-bad-email-${label}`);
      // Sign-up asks for the pool's password policy.
      await page.getByRole("button", { name: "No account? Create one" }).click();
      await page.getByLabel("Email").fill("weak@example.test");
      await page.getByLabel("Password").fill("short");
      await page.getByRole("button", { name: "Create account" }).click();
      expect(await byTestId(page, "auth-error").innerText()).toBe(
        "The password is too weak: it needs at least 8 characters.",
      );
      await screenshot(page, `sign-up-${label}`);
      await page.getByRole("button", { name: "Already have an account? Sign in" }).click();
      await page.getByRole("button", { name: "Forgot password?" }).click();
      await page.getByRole("button", { name: "Send a reset code" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
      await checkScreen(page, `forgot-password-${label}`);
      await page.getByRole("button", { name: "Back to sign in" }).click();
    });
    await context.close();
  });
});

describe.sequential("honest headlines", () => {
  test("the headline, the status line and the history row say the same thing, in the verdict's own colour", async () => {
    // Each case through the API (so a 300 ms time limit needs no 10 s wait), then reopened from the history.
    const cases = [
      { body: { code: "import sys\nsys.exit(3)\n" }, title: "Exited with code 3", tone: "error", short: "exit code 3" },
      { body: { code: "print(1\n" }, title: "Syntax error on line 1", tone: "error", short: "syntax error" },
      {
        body: { code: "while True: pass\n", limits: { wallMs: 300 } },
        title: "Time limit: stopped after 300 ms",
        tone: "limit",
        short: "time limit",
      },
      {
        body: { code: "x = bytearray(200 * 1024 * 1024)\n", limits: { memoryMb: 64 } },
        title: "Memory limit: used more than 64 MB",
        tone: "limit",
        short: "memory limit",
      },
      {
        body: { code: "import socket\nsocket.socket()\n" },
        title: "Blocked by the sandbox on line 2",
        tone: "blocked",
        short: "blocked",
      },
      {
        body: {
          code: "print(int(input()) * 2)\n",
          tests: [
            { stdin: "2", expected: "4" },
            { stdin: "3", expected: "7" },
            { stdin: "4", expected: "8" },
          ],
        },
        title: "2 of 3 tests failed",
        tone: "error",
        short: "failed 2/3",
        detail: "test 2: wrong answer; test 3: not run (an earlier test failed)",
      },
      {
        body: { code: "print('hi')\n", tests: [{ stdin: "", expected: "hi" }] },
        title: "The test passed",
        tone: "ok",
        short: "passed 1/1",
      },
    ];
    const ids: string[] = [];
    for (const c of cases) ids.push(await submitAndWait(c.body));

    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    await forEachScreen(page, (screen, label) =>
      reportingFailure(page, `headlines-${label}`, watch, async () => {
        for (const [index, c] of cases.entries()) {
          const row = page.locator(`[data-testid="history-item"][data-job-id="${ids[index]}"]`);
          // Clicked again until it opens: a click that lands while the list re-renders (a push, a page
          // of history) can fall on the row being replaced (once in CI).
          await expect
            .poll(
              async () => {
                await row.click();
                return byTestId(page, "headline-title").innerText();
              },
              { timeout: 15_000, interval: 500 },
            )
            .toBe(c.title);
          expect(await byTestId(page, "verdict").getAttribute("data-tone")).toBe(c.tone);
          if (c.detail) expect(await byTestId(page, "headline-detail").innerText()).toBe(c.detail);
          // The status line: never a green dot after a limit or an error.
          expect(await byTestId(page, "job-state").getAttribute("data-tone")).toBe(c.tone);
          expect(await byTestId(page, "job-state").innerText()).toContain(c.short);
          expect(await row.locator('[data-testid="history-outcome"]').getAttribute("data-tone")).toBe(c.tone);
          expect(await row.locator('[data-testid="history-outcome"]').innerText()).toBe(c.short);
          if (c.short === "memory limit") {
            // Said once, not twice.
            const text = await byTestId(page, "output-panel").innerText();
            expect(text.match(/more than 64 MB/g)).toHaveLength(1);
          }
          if (c.detail) await checkScreen(page, `headline-tests-failed-${label}`, { fullPage: isPhone(screen) });
          else if (label === "1280x720-light") await screenshot(page, `headline-${c.short.replace(/\W+/g, "-")}-light`);
        }
      }),
    );
    await closeClean(context, watch);
  });
});

describe.sequential("drafts and replacing code", () => {
  test("a draft belongs to its account on each screen: gone from the screen at sign-out, never shown to the next user, back for its owner", async () => {
    const { stack } = suite;
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    const second = { username: `second-${Date.now().toString(36)}@example.test`, password: "Sunny-Day-42!" };
    let signedUp = false;
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `drafts-${label}`, watch, async () => {
        const secret = `print('demo user secret draft ${label}')`;
        await typeCode(page, secret);
        await byTestId(page, "tab-stdin").click();
        await byTestId(page, "stdin").fill(`private stdin ${label}`);
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByLabel("Email").waitFor();
        expect(await page.locator("body").innerText()).not.toContain("secret draft");

        // A second account on the same browser: its own (new) draft, nothing of the first one.
        if (signedUp) await signIn(page, second);
        else {
          // Signed up through the form once; local mode says where the code is.
          await page.getByRole("button", { name: "No account? Create one" }).click();
          await page.getByLabel("Email").fill(second.username);
          await page.getByLabel("Password").fill(second.password);
          await page.getByRole("button", { name: "Create account" }).click();
          await page.locator('[data-testid="auth"][data-mode="confirm"]').waitFor();
          expect(await byTestId(page, "local-code-hint").innerText()).toContain("npm start");
          await checkScreen(page, `confirm-local-${label}`);
          await expect.poll(() => stack.confirmationCode(second.username)).toMatch(/^\d{6}$/);
          await page.getByLabel("Confirmation code").fill(stack.confirmationCode(second.username) ?? "");
          await page.getByRole("button", { name: "Confirm", exact: true }).click();
          signedUp = true;
        }
        await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
        await expect.poll(() => editorText(page)).toContain("Write Python here");
        expect(await editorText(page)).not.toContain("secret draft");
        await byTestId(page, "tab-stdin").click();
        expect(await byTestId(page, "stdin").inputValue()).toBe("");
        await checkScreen(page, `draft-next-account-${label}`);

        // The first account gets its draft back.
        await page.getByRole("button", { name: "Sign out" }).click();
        await signIn(page, stack.auth.demoUser);
        await expect.poll(() => editorText(page), { timeout: 20_000 }).toContain(secret);
        await byTestId(page, "tab-stdin").click();
        expect(await byTestId(page, "stdin").inputValue()).toBe(`private stdin ${label}`);
      }),
    );
    await closeClean(context, watch);
  });

  test("on each screen: the Examples menu loads nothing on ArrowDown; loading one offers Undo; stdin says when tests replace it", async () => {
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `replace-${label}`, watch, async () => {
        const mine = `print('my unsaved work ${label}')`;
        await typeCode(page, mine);
        // Keyboard: focus the menu button, arrows open and move, nothing loads until Enter.
        await byTestId(page, "examples").focus();
        await page.keyboard.press("ArrowDown");
        await page.getByRole("menu").waitFor();
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("ArrowDown");
        expect(await editorText(page)).toContain(mine);
        expect(await byTestId(page, "undo-toast").count()).toBe(0);
        await page.keyboard.press("Escape");
        await expect.poll(() => page.getByRole("menu").count()).toBe(0);
        expect(await editorText(page)).toContain(mine);

        await pickExample(page, "sum-tests");
        await expect.poll(() => editorText(page)).toContain("map(int, input().split())");
        await byTestId(page, "undo-toast").waitFor();
        await checkScreen(page, `undo-toast-${label}`);
        await byTestId(page, "undo-replace").click();
        await expect.poll(() => editorText(page)).toContain(mine);
        expect(await byTestId(page, "undo-toast").count()).toBe(0);
        // With test cases set, the stdin box says it is not used.
        await pickExample(page, "sum-tests");
        await byTestId(page, "tab-stdin").click();
        await byTestId(page, "stdin-ignored").waitFor();
        await screenshot(page, `stdin-ignored-${label}`);
        // Undo, so the next screen starts from the user's own work and no toast.
        await byTestId(page, "undo-replace").click();
        await expect.poll(() => byTestId(page, "undo-toast").count()).toBe(0);
      }),
    );
    await closeClean(context, watch);
  });
});

describe.sequential("keyboard, queue and network", () => {
  test("on each screen: Esc then Tab leaves the editor (the hint says so); a second Run asks first; focus goes to Run after Cancel; offline at once", async () => {
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    let executes = 0;
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname.endsWith("/execute")) executes += 1;
    });
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `keyboard-${label}`, watch, async () => {
        const sent = executes;
        await page.locator(".monaco-editor .view-lines").click();
        await byTestId(page, "editor-hint").waitFor();
        expect(await byTestId(page, "editor-hint").innerText()).toMatch(/Esc\s*then\s*Tab/);
        await page.keyboard.press("ControlOrMeta+A");
        await page.keyboard.type("while True: pass");
        await page.keyboard.press("Escape");
        await page.keyboard.press("Tab");
        // Out of the editor, onto the next control (the input tabs), and the text is unchanged.
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
          .toMatch(/^tab-/);
        expect(await byTestId(page, "editor-hint").isVisible()).toBe(false);

        await byTestId(page, "run").click();
        await page.locator('[data-testid="job-state"][data-state="running"]').waitFor({ timeout: 20_000 });
        // Run again while it runs: nothing is sent until the user says so.
        expect(await byTestId(page, "run").innerText()).toContain("Run again");
        await page.keyboard.press("Control+Enter");
        await byTestId(page, "confirm-again").waitFor();
        expect(executes).toBe(sent + 1);
        await screenshot(page, `run-again-${label}`);
        await page.getByRole("button", { name: "Keep waiting" }).click();
        expect(executes).toBe(sent + 1);

        await byTestId(page, "cancel").focus();
        await page.keyboard.press("Enter");
        await page.locator('[data-testid="job-state"][data-state="cancelled"]').waitFor({ timeout: 10_000 });
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("run");

        // Offline: the header says so at once; a Run waits and is sent when the network is back.
        await context.setOffline(true);
        await expect.poll(() => byTestId(page, "connection").getAttribute("data-status")).toBe("offline");
        await typeCode(page, `print('back online ${label}')`);
        await byTestId(page, "run").click();
        // The note shows from the moment the page is offline; the run's own state comes with the click.
        await expect.poll(() => byTestId(page, "run").innerText()).toContain("Waiting for the network");
        expect(await byTestId(page, "offline-note").innerText()).toContain(
          "the run is sent when the connection is back",
        );
        await checkScreen(page, `offline-${label}`);
        await context.setOffline(false);
        await expect
          .poll(
            () =>
              page
                .locator('[data-testid="stdout"]')
                .innerText()
                .catch(() => ""),
            { timeout: 30_000 },
          )
          .toContain(`back online ${label}`);
        expect(executes).toBe(sent + 2);
        await page.locator('[data-testid="connection"][data-status="open"]').waitFor({ timeout: 20_000 });
      }),
    );
    // Going offline makes the socket and any poll fail while it lasts: those errors are the point.
    watch.consoleErrors = watch.consoleErrors.filter(
      (text) => !/ERR_INTERNET_DISCONNECTED|WebSocket|Failed to fetch/.test(text),
    );
    await closeClean(context, watch);
  });
});
