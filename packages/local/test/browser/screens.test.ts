/// <reference types="node" />
// Issue 18 on every screen: a phone (390×844 and 360 wide) gets one scrolling column with every control
// reachable; 1280×720 and 1920×1080 still fit; each screen passes axe with no serious or critical
// violation, light and dark. A run's headline, the status line and the history row agree on what
// happened; drafts belong to an account; an example or a past run never replaces code without an undo;
// the keyboard can leave the editor; a second Run asks first; offline shows at once.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type BrowserStack,
  byTestId,
  closeClean,
  openSignedIn,
  pickExample,
  reportingFailure,
  type Screen,
  screenshot,
  seriousA11yViolations,
  signIn,
  type Stack,
  startBrowserStack,
} from "./support/browser";

let env: BrowserStack;
let stack: Stack;

beforeAll(async () => {
  env = await startBrowserStack({
    settings: { CR_LIMIT_EXECUTE_PER_MINUTE: "1000", CR_LIMIT_MAX_QUEUED_PER_USER: "1000" },
  });
  stack = env.stack;
});

afterAll(async () => {
  await env?.stop();
});

const open = (screen: Screen, user = stack.auth.demoUser) => openSignedIn(env, screen, user);

const id = byTestId;

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found;
}

/** Through the API as the demo user: submit, and wait until the job is final. */
async function submitAndWait(body: Record<string, unknown>): Promise<string> {
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

async function expectNoSeriousViolations(page: Page, what: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `axe on ${what}`).toEqual([]);
}

const done = closeClean;

describe.sequential("every screen", () => {
  for (const screen of [
    { width: 390, height: 844, scheme: "light" },
    { width: 390, height: 844, scheme: "dark" },
    { width: 360, height: 740, scheme: "light" },
  ] satisfies Screen[]) {
    test(`a phone at ${screen.width}×${screen.height} (${screen.scheme}): one scrolling column, editor then Run then output, nothing cut off`, async () => {
      const { context, page, watch } = await open(screen);
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
        await id(page, "run").tap();
        await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
        expect(await id(page, "headline-title").innerText()).toBe("Finished without errors");
        await id(page, "analyze").tap();
        await id(page, "analysis-time").waitFor({ timeout: 30_000 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
        await expectNoSeriousViolations(page, name);
        await screenshot(page, name, { fullPage: true });
      });
      await done(context, watch);
    });
  }

  for (const screen of [
    { width: 1280, height: 720, scheme: "light" },
    { width: 1280, height: 720, scheme: "dark" },
    { width: 1920, height: 1080, scheme: "dark" },
  ] satisfies Screen[]) {
    test(`a desktop at ${screen.width}×${screen.height} (${screen.scheme}) fits without page scrolling and passes axe`, async () => {
      const { context, page, watch } = await open(screen);
      await reportingFailure(page, `desktop-${screen.width}-${screen.scheme}`, watch, async () => {
        await id(page, "run").click();
        await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
        const size = await page.evaluate(() => [
          document.documentElement.scrollWidth,
          document.documentElement.scrollHeight,
        ]);
        expect(size).toEqual([screen.width, screen.height]);
        const output = await box(page, '[data-testid="output-panel"]');
        const editor = await box(page, '[data-testid="editor"]');
        expect(output.x).toBeGreaterThan(editor.x + editor.width); // two columns
        await expectNoSeriousViolations(page, `${screen.width} ${screen.scheme}`);
        await screenshot(page, `desktop-${screen.width}-${screen.scheme}`);
      });
      await done(context, watch);
    });
  }

  test("the sign-in screen passes axe on a phone and a desktop, light and dark", async () => {
    for (const screen of [
      { width: 390, height: 844, scheme: "light" },
      { width: 1280, height: 720, scheme: "dark" },
    ] satisfies Screen[]) {
      const context = await env.browser.newContext({
        viewport: { width: screen.width, height: screen.height },
        colorScheme: screen.scheme,
      });
      const page = await context.newPage();
      await page.goto(stack.urls.web);
      await page.getByLabel("Email").waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
      await expectNoSeriousViolations(page, `sign-in ${screen.width}`);
      await screenshot(page, `sign-in-${screen.width}-${screen.scheme}`);
      await context.close();
    }
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

    for (const scheme of ["light", "dark"] as const) {
      const { context, page, watch } = await open({ width: 1280, height: 720, scheme });
      await reportingFailure(page, `headlines-${scheme}`, watch, async () => {
        for (const [index, c] of cases.entries()) {
          const row = page.locator(`[data-testid="history-item"][data-job-id="${ids[index]}"]`);
          await row.click();
          await expect.poll(() => id(page, "headline-title").innerText()).toBe(c.title);
          expect(await id(page, "verdict").getAttribute("data-tone")).toBe(c.tone);
          if (c.detail) expect(await id(page, "headline-detail").innerText()).toBe(c.detail);
          // The status line: never a green dot after a limit or an error.
          expect(await id(page, "job-state").getAttribute("data-tone")).toBe(c.tone);
          expect(await id(page, "job-state").innerText()).toContain(c.short);
          expect(await row.locator('[data-testid="history-outcome"]').getAttribute("data-tone")).toBe(c.tone);
          expect(await row.locator('[data-testid="history-outcome"]').innerText()).toBe(c.short);
          if (c.short === "memory limit") {
            // Said once, not twice.
            const text = await id(page, "output-panel").innerText();
            expect(text.match(/more than 64 MB/g)).toHaveLength(1);
          }
          if (scheme === "light" || c.tone !== "error")
            await screenshot(page, `headline-${c.short.replace(/\W+/g, "-")}-${scheme}`);
        }
        await expectNoSeriousViolations(page, `headlines ${scheme}`);
      });
      await done(context, watch);
    }
  });
});

describe.sequential("drafts and replacing code", () => {
  test("a draft belongs to its account: gone from the screen at sign-out, never shown to the next user, back for its owner", async () => {
    const { context, page, watch } = await open({ width: 1280, height: 720, scheme: "light" });
    const editorText = () =>
      page
        .locator(".monaco-editor .view-lines")
        .innerText()
        .then((text) => text.replace(/\u00a0/g, " "));
    await reportingFailure(page, "drafts", watch, async () => {
      const secret = "print('demo user secret draft')";
      await page.locator(".monaco-editor .view-lines").click();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type(secret);
      await id(page, "tab-stdin").click();
      await id(page, "stdin").fill("private stdin");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByLabel("Email").waitFor();
      expect(await page.locator("body").innerText()).not.toContain("secret draft");

      // A second account on the same browser: its own (new) draft, nothing of the first one.
      const email = `second-${Date.now().toString(36)}@example.test`;
      const password = "Sunny-Day-42!";
      await page.getByRole("button", { name: "No account? Create one" }).click();
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator('[data-testid="auth"][data-mode="confirm"]').waitFor();
      // Local mode says where the code is.
      expect(await id(page, "local-code-hint").innerText()).toContain("npm start");
      await expectNoSeriousViolations(page, "confirm");
      await screenshot(page, "confirm-local");
      await expect.poll(() => stack.confirmationCode(email)).toMatch(/^\d{6}$/);
      await page.getByLabel("Confirmation code").fill(stack.confirmationCode(email) ?? "");
      await page.getByRole("button", { name: "Confirm", exact: true }).click();
      await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
      await expect.poll(() => editorText()).toContain("Write Python here");
      expect(await editorText()).not.toContain("secret draft");
      await id(page, "tab-stdin").click();
      expect(await id(page, "stdin").inputValue()).toBe("");

      // The first account gets its draft back.
      await page.getByRole("button", { name: "Sign out" }).click();
      await signIn(page, stack.auth.demoUser);
      await expect.poll(() => editorText(), { timeout: 20_000 }).toContain(secret);
      await id(page, "tab-stdin").click();
      expect(await id(page, "stdin").inputValue()).toBe("private stdin");
    });
    await done(context, watch);
  });

  test("the Examples menu loads nothing on ArrowDown; loading one or a past run offers Undo", async () => {
    const { context, page, watch } = await open({ width: 390, height: 844, scheme: "dark" });
    const editorText = () =>
      page
        .locator(".monaco-editor .view-lines")
        .innerText()
        .then((text) => text.replace(/\u00a0/g, " "));
    await reportingFailure(page, "replace", watch, async () => {
      const mine = "print('my unsaved work')";
      await page.locator(".monaco-editor .view-lines").click();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type(mine);
      // Keyboard: focus the menu button, arrows open and move, nothing loads until Enter.
      await id(page, "examples").focus();
      await page.keyboard.press("ArrowDown");
      await page.getByRole("menu").waitFor();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      expect(await editorText()).toContain(mine);
      expect(await id(page, "undo-toast").count()).toBe(0);
      await page.keyboard.press("Escape");
      await expect.poll(() => page.getByRole("menu").count()).toBe(0);
      expect(await editorText()).toContain(mine);

      await pickExample(page, "sum-tests");
      await expect.poll(() => editorText()).toContain("map(int, input().split())");
      await id(page, "undo-toast").waitFor();
      await expectNoSeriousViolations(page, "undo toast");
      await screenshot(page, "undo-toast-phone-dark");
      await id(page, "undo-replace").click();
      await expect.poll(() => editorText()).toContain(mine);
      expect(await id(page, "undo-toast").count()).toBe(0);
      // With test cases set, the stdin box says it is not used.
      await pickExample(page, "sum-tests");
      await id(page, "tab-stdin").click();
      await id(page, "stdin-ignored").waitFor();
    });
    await done(context, watch);
  });
});

describe.sequential("keyboard, queue and network", () => {
  test("Esc then Tab leaves the editor (the hint says so); a second Run asks first; focus goes to Run after Cancel; offline at once", async () => {
    const { context, page, watch } = await open({ width: 1280, height: 720, scheme: "light" });
    let executes = 0;
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname.endsWith("/execute")) executes += 1;
    });
    await reportingFailure(page, "keyboard", watch, async () => {
      await page.locator(".monaco-editor .view-lines").click();
      await id(page, "editor-hint").waitFor();
      expect(await id(page, "editor-hint").innerText()).toMatch(/Esc\s*then\s*Tab/);
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("while True: pass");
      await page.keyboard.press("Escape");
      await page.keyboard.press("Tab");
      // Out of the editor, onto the next control (the input tabs), and the text is unchanged.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
        .toMatch(/^tab-/);
      expect(await id(page, "editor-hint").isVisible()).toBe(false);

      await id(page, "run").click();
      await page.locator('[data-testid="job-state"][data-state="running"]').waitFor({ timeout: 20_000 });
      // Run again while it runs: nothing is sent until the user says so.
      expect(await id(page, "run").innerText()).toContain("Run again");
      await page.keyboard.press("Control+Enter");
      await id(page, "confirm-again").waitFor();
      expect(executes).toBe(1);
      await page.getByRole("button", { name: "Keep waiting" }).click();
      expect(executes).toBe(1);
      await screenshot(page, "running-light");

      await id(page, "cancel").focus();
      await page.keyboard.press("Enter");
      await page.locator('[data-testid="job-state"][data-state="cancelled"]').waitFor({ timeout: 10_000 });
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("run");

      // Offline: the header says so at once; a Run waits and is sent when the network is back.
      await context.setOffline(true);
      await expect.poll(() => id(page, "connection").getAttribute("data-status")).toBe("offline");
      await page.locator(".monaco-editor .view-lines").click();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("print('back online')");
      await id(page, "run").click();
      await id(page, "offline-note").waitFor();
      expect(await id(page, "run").innerText()).toContain("Waiting for the network");
      await screenshot(page, "offline-light");
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
        .toContain("back online");
      expect(executes).toBe(2);
    });
    // Going offline makes the socket and any poll fail while it lasts: those errors are the point.
    watch.consoleErrors = watch.consoleErrors.filter(
      (text) => !/ERR_INTERNET_DISCONNECTED|WebSocket|Failed to fetch/.test(text),
    );
    await done(context, watch);
  });
});
