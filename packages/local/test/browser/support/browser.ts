// What every browser test shares: nothing leaves loopback, the whole local stack in-process on random
// ports (the browser project's shared stack, or one of the suite's own), Debian's chromium through
// playwright-core, and a watch on console errors and off-loopback requests.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";
import type { LocalStack } from "../../../src/stack";
import { sharedTestStack } from "../../support/shared-stack";

// Without these an AWS SDK client of the stack would probe the EC2 metadata service.
process.env.AWS_EC2_METADATA_DISABLED ??= "true";
process.env.AWS_ACCESS_KEY_ID ??= "local";
process.env.AWS_SECRET_ACCESS_KEY ??= "local";
process.env.AWS_REGION ??= "us-east-1";

export const repoRoot = fileURLToPath(new URL("../../../../../", import.meta.url));
/** Screenshots of every screen and failure evidence (gitignored: packages/local/test/browser/.gitignore). */
export const artifacts = join(repoRoot, "packages/local/test/browser/artifacts");
const distIndex = join(repoRoot, "packages/web/dist/index.html");

/** Headless, and without the background networking that a closed network answers with errors. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The local stack as the browser tests see it. */
export type Stack = LocalStack;

export interface BrowserStack {
  stack: Stack;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The stack (serving the built app) and a browser; `npm test` builds the app first. Without options the
 * stack is the browser project's shared one, with a demo user of this suite's own
 * (`stack.auth.demoUser`); it has no `confirmationCode` or `dropWebSockets`. With a log, settings or
 * `ownStack`, the suite gets a stack of its own, stopped with it.
 */
export async function startBrowserStack(
  options: { log?: (line: string) => void; settings?: Record<string, string>; ownStack?: boolean } = {},
): Promise<BrowserStack> {
  if (!existsSync(distIndex)) throw new Error("packages/web/dist is missing: run `npm run build:web` first");
  const own = options.ownStack || options.log !== undefined || options.settings !== undefined;
  let stack: Stack;
  let stopStack: () => Promise<void>;
  if (own) {
    const dataDir = await mkdtemp(join(tmpdir(), "code-remote-web-"));
    // Imported after the env above is set, so every SDK client the stack creates sees it.
    const { startLocalStack } = await import("../../../src/stack");
    const started = await startLocalStack({
      dataDir,
      ports: { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0 },
      log: options.log ?? (() => {}),
      ...(options.settings ? { settings: options.settings } : {}),
    });
    stack = started;
    stopStack = async () => {
      await started.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  } else {
    stack = await sharedTestStack();
    stopStack = () => stack.stop();
  }
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  return {
    stack,
    browser,
    async stop() {
      await browser.close();
      await stopStack();
    },
  };
}

export function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:") return true;
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export interface PageWatch {
  consoleErrors: string[];
  consoleLog: string[];
  offLoopback: string[];
}

/** Records console errors and every request or socket that is not to loopback, and blocks the latter. */
export async function watchPage(context: BrowserContext, page: Page): Promise<PageWatch> {
  const watch: PageWatch = { consoleErrors: [], consoleLog: [], offLoopback: [] };
  page.on("console", (message) => {
    watch.consoleLog.push(`${message.type()}: ${message.text()}`);
    if (message.type() === "error") watch.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => watch.consoleErrors.push(`uncaught: ${error.message}`));
  page.on("websocket", (socket) => {
    if (!isLoopback(socket.url())) watch.offLoopback.push(socket.url());
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    watch.offLoopback.push(url);
    return route.abort("blockedbyclient");
  });
  return watch;
}

/** Sign in through the form and wait for the realtime socket, so results arrive as WebSocket frames. */
export async function signIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.getByLabel("Email").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator('[data-testid="connection"][data-status="open"]').waitFor({ timeout: 20_000 });
}

/**
 * Put a draft in the signed-in account's editor (typing several lines into Monaco would let its
 * auto-indent reshape them): drafts are kept per account (Cognito's sub, read here from the ID token
 * Amplify stored), so it is written under that key and the page reloaded.
 */
export async function loadDraft(
  page: Page,
  draft: { code: string; stdin?: string; tests?: { stdin: string; expected: string }[] },
): Promise<void> {
  await page.evaluate((value) => {
    const idToken = Object.keys(localStorage).find(
      (key) => key.startsWith("CognitoIdentityServiceProvider.") && key.endsWith(".idToken"),
    );
    if (!idToken) throw new Error("loadDraft: nobody is signed in");
    const payload = localStorage.getItem(idToken)!.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/");
    const { sub } = JSON.parse(atob(payload)) as { sub: string };
    localStorage.setItem(`code-remote:draft:${sub}`, JSON.stringify({ stdin: "", tests: [], ...value }));
  }, draft);
  await page.reload();
  await page.locator('[data-testid="connection"][data-status="open"]').waitFor({ timeout: 20_000 });
}

/**
 * Starts a run (clicking Run, unless `start` does it otherwise) and waits until that run has finished.
 * Its job ID comes from the POST /execute answer: after a reload the page restores the previous run on
 * its own, and a check for "another job on screen" could take that one for the new run.
 */
export async function runUntil(
  page: Page,
  options: { timeout?: number; start?: () => Promise<void> } = {},
): Promise<string> {
  const { timeout = 30_000 } = options;
  const start = options.start ?? (() => page.locator('[data-testid="run"]').click());
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/execute"), {
      timeout,
    }),
    start(),
  ]);
  const { job } = (await response.json()) as { job: { jobId: string } };
  await page
    .locator(`[data-testid="job-state"][data-job-id="${job.jobId}"][data-state="finished"]`)
    .waitFor({ timeout });
  return job.jobId;
}

/**
 * One stack and browser for a test file: started before its tests, stopped after them. The fields are
 * filled once `beforeAll` has run (read them inside tests and hooks, not at import time).
 */
export function browserSuite(options: Parameters<typeof startBrowserStack>[0] = {}): {
  env: BrowserStack;
  stack: Stack;
} {
  const suite = {} as { env: BrowserStack; stack: Stack };
  beforeAll(async () => {
    suite.env = await startBrowserStack(options);
    suite.stack = suite.env.stack;
  });
  afterAll(async () => {
    await suite.env?.stop();
  });
  return suite;
}

/** Run a scenario; on failure keep a screenshot and put what the page showed into the error. */
export async function reportingFailure(page: Page, name: string, watch: PageWatch, scenario: () => Promise<void>) {
  try {
    await scenario();
  } catch (error) {
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `${name}-failure.png`) }).catch(() => undefined);
    const shown = await page
      .locator("body")
      .innerText()
      .catch(() => "(page unavailable)");
    const log = watch.consoleLog.slice(-20).join("\n");
    throw new Error(`${String(error)}\n--- page ---\n${shown}\n--- console ---\n${log}`, { cause: error });
  }
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), ...options });
}

/** Load a starter example through the Examples menu (a menu button: open it, choose the item). */
export async function pickExample(page: Page, id: string): Promise<void> {
  await page.locator('[data-testid="examples"]').click();
  await page.locator(`[data-testid="example-${id}"]`).click();
}

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  // Monaco's own DOM (hidden textareas, its overlays) is not ours to fix; its container is checked.
  const results = await new AxeBuilder({ page }).exclude(".monaco-editor").analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .map((node) => node.target.join(" "))
          .slice(0, 5)
          .join(", ")}`,
    );
}

/** No serious or critical axe violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousA11yViolations(page), `axe on ${what}`).toEqual([]);
}

/** The end of a screen's check: axe finds nothing serious, and the screen is kept as a screenshot. */
export async function checkScreen(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name, options);
}

/** A screen a UI test runs on: its size and the system's colour scheme. */
export interface Screen {
  width: number;
  height: number;
  scheme: "light" | "dark";
}

/** The phone and the laptop screens of issue 18, each light and dark. */
export const SCREENS: Screen[] = [
  { width: 390, height: 844, scheme: "light" },
  { width: 390, height: 844, scheme: "dark" },
  { width: 1280, height: 720, scheme: "light" },
  { width: 1280, height: 720, scheme: "dark" },
];

export const screenLabel = (screen: Screen) => `${screen.width}x${screen.height}-${screen.scheme}`;

/** The desktop a multi-screen test opens its page at (a plain, not a touch, context: it is resized to each screen). */
export const DESKTOP: Screen = { width: 1280, height: 720, scheme: "light" };

/**
 * Issue 18's four screens on one signed-in page, one after the other: the viewport and the system's
 * colour scheme are switched (no new context, no second sign-in) and `check` runs at each, given the
 * screen and its label. Each check ends with `checkScreen` for its axe check and screenshot.
 */
export async function forEachScreen(
  page: Page,
  check: (screen: Screen, label: string) => Promise<void>,
  screens: Screen[] = SCREENS,
): Promise<void> {
  for (const screen of screens) {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await page.emulateMedia({ colorScheme: screen.scheme });
    await nextFrames(page);
    await check(screen, screenLabel(screen));
  }
}

/**
 * Wait until the page has drawn two frames: a new viewport or colour scheme reaches the app's media
 * query listeners (and React's render of what they change) in the frame after it is set, not at once.
 */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/** Whether a screen is a phone's (the layout stacks below 600 px). */
export const isPhone = (screen: Screen) => screen.width < 600;

/**
 * A fresh context (own storage) on `screen`, signed in as `user`, with console errors and off-loopback
 * requests watched. `url`: a page of the app other than the workspace (signed in there); `clipboard`:
 * the page may read and write the clipboard.
 */
export async function openSignedIn(
  env: BrowserStack,
  screen: Screen,
  user = env.stack.auth.demoUser,
  options: { url?: string; clipboard?: boolean } = {},
) {
  const phone = isPhone(screen);
  const context = await env.browser.newContext({
    viewport: { width: screen.width, height: screen.height },
    colorScheme: screen.scheme,
    isMobile: phone,
    hasTouch: phone,
  });
  if (options.clipboard)
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.stack.urls.web });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  const url = options.url ?? env.stack.urls.web;
  await page.goto(url);
  await signIn(page, user);
  // The workspace's editor takes the focus once it has loaded: wait for it before any keyboard work.
  if (url === env.stack.urls.web) await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
  return { context, page, watch };
}

/** The element of a data-testid. */
export const byTestId = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`);

/** End a scenario: no console error, nothing left loopback, the context closed. */
export async function closeClean(context: BrowserContext, watch: PageWatch): Promise<void> {
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offLoopback).toEqual([]);
  await context.close();
}

/** The signed-in account's draft as saved (exactly what the editor holds, every line). */
export async function draftCode(page: Page): Promise<string> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("code-remote:draft:"));
    return key ? (JSON.parse(localStorage.getItem(key)!) as { code: string }).code : "";
  });
}

/** What Monaco shows (it renders spaces as no-break spaces), its lines joined (a phone wraps long ones). */
export function editorText(page: Page): Promise<string> {
  return page
    .locator(".monaco-editor .view-lines")
    .innerText()
    .then((text) => text.replace(/\u00a0/g, " ").replace(/\n/g, ""));
}

/** Replace the editor's code by typing one line, and wait until Monaco shows it (it renders a frame later). */
export async function typeCode(page: Page, code: string): Promise<void> {
  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(code);
  await expect.poll(() => editorText(page).then((text) => text.trim())).toBe(code);
}
