/// <reference types="node" />
// End to end in a real browser: sign in as the demo user, type Python into Monaco, run it with
// Ctrl+Enter and watch the result arrive over the WebSocket, all against the local stack on loopback.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

// Nothing may leave loopback: without these an AWS SDK client would probe the EC2 metadata service.
process.env.AWS_EC2_METADATA_DISABLED ??= "true";
process.env.AWS_ACCESS_KEY_ID ??= "local";
process.env.AWS_SECRET_ACCESS_KEY ??= "local";
process.env.AWS_REGION ??= "us-east-1";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const distIndex = join(repoRoot, "packages/web/dist/index.html");
const screenshotPath = join(repoRoot, "test-artifacts/run-code.png");

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * The part of @code-remote/local's API this test uses. Declared here rather than imported as a type so
 * that `tsc -p packages/web` does not type-check the whole server side under the web's settings.
 */
interface Stack {
  urls: { web: string };
  auth: { demoUser: { username: string; password: string } };
  stop(): Promise<void>;
}
interface LocalModule {
  startLocalStack(options: { dataDir: string; ports: Record<string, number> }): Promise<Stack>;
}
const LOCAL_MODULE = "@code-remote/local";

let stack: Stack | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  // The stack serves the built app; `npm test` builds it first (npm run build:web).
  if (!existsSync(distIndex)) throw new Error("packages/web/dist is missing: run `npm run build:web` first");
  dataDir = await mkdtemp(join(tmpdir(), "code-remote-web-"));
  // Imported after the env above is set, so every SDK client the stack creates sees it.
  const { startLocalStack } = (await import(/* @vite-ignore */ LOCAL_MODULE)) as LocalModule;
  stack = await startLocalStack({ dataDir, ports: { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0 } });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Records console errors and any request that is not to loopback, and blocks the latter. */
async function watchPage(page: Page) {
  const consoleErrors: string[] = [];
  const consoleLog: string[] = [];
  const offLoopback: string[] = [];
  page.on("console", (message) => {
    consoleLog.push(`${message.type()}: ${message.text()}`);
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  page.on("websocket", (socket) => {
    if (!isLoopback(socket.url())) offLoopback.push(socket.url());
  });
  await page.context().route("**/*", (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    offLoopback.push(url);
    return route.abort("blockedbyclient");
  });
  return { consoleErrors, consoleLog, offLoopback };
}

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:") return true;
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

test("signs in, runs print(sum(range(10))) with Ctrl+Enter, shows 45 with verdict ok, survives a reload, signs out", async () => {
  if (!stack || !browser) throw new Error("set-up failed");
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const { consoleErrors, consoleLog, offLoopback } = await watchPage(page);
  // Ctrl+Enter is bound in Monaco and on the page: one press must submit exactly one job.
  let executes = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname.endsWith("/execute")) executes += 1;
  });

  try {
    await page.goto(stack.urls.web);
    await page.getByLabel("Email").fill(stack.auth.demoUser.username);
    await page.getByLabel("Password").fill(stack.auth.demoUser.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    // The realtime socket is up before we run, so the result must arrive as a WebSocket frame.
    await page.locator('[data-testid="connection"][data-status="open"]').waitFor({ timeout: 20_000 });

    const editor = page.locator(".monaco-editor .view-lines");
    await editor.waitFor({ timeout: 20_000 });
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("print(sum(range(10)))");
    await page.keyboard.press("Control+Enter");

    await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="verdict"]').getAttribute("data-verdict")).toBe("ok");
    expect((await page.locator('[data-testid="stdout"]').textContent())?.trim()).toBe("45");

    await mkdir(join(repoRoot, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: screenshotPath });

    // The session survives a reload (Amplify's storage), and so do the code and the job on screen.
    await page.reload();
    await page.locator('[data-testid="verdict"][data-verdict="ok"]').waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Email").waitFor();
  } catch (error) {
    // Leave what the page showed next to the happy-path screenshot, and say it in the failure.
    await mkdir(join(repoRoot, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: join(repoRoot, "test-artifacts/run-code-failure.png") }).catch(() => undefined);
    const shown = await page.locator("body").innerText().catch(() => "(page unavailable)");
    const log = consoleLog.slice(-20).join("\n");
    throw new Error(`${String(error)}\n--- page ---\n${shown}\n--- console ---\n${log}`, { cause: error });
  }

  expect(executes).toBe(1);
  expect(consoleErrors).toEqual([]);
  expect(offLoopback).toEqual([]);
  await context.close();
});
