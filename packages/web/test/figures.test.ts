/// <reference types="node" />
// In a real browser against the local stack: pick the matplotlib starter example, run it, and see
// the figure inline below stdout (a PNG of the size the job drew, with a download link); run
// something else, then reopen the plot from history and see the figure again.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

process.env.AWS_EC2_METADATA_DISABLED ??= "true";
process.env.AWS_ACCESS_KEY_ID ??= "local";
process.env.AWS_SECRET_ACCESS_KEY ??= "local";
process.env.AWS_REGION ??= "us-east-1";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const distIndex = join(repoRoot, "packages/web/dist/index.html");
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

/** The part of @code-remote/local's API this test uses (see run-code.test.ts for why it is declared here). */
interface Stack {
  urls: { web: string };
  auth: { demoUser: { username: string; password: string } };
  stop(): Promise<void>;
}
interface LocalModule {
  startLocalStack(options: { dataDir: string; ports: Record<string, number>; log?: (line: string) => void }): Promise<Stack>;
}
const LOCAL_MODULE = "@code-remote/local";

let stack: Stack | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (!existsSync(distIndex)) throw new Error("packages/web/dist is missing: run `npm run build:web` first");
  dataDir = await mkdtemp(join(tmpdir(), "code-remote-figures-"));
  const { startLocalStack } = (await import(/* @vite-ignore */ LOCAL_MODULE)) as LocalModule;
  stack = await startLocalStack({ dataDir, ports: { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0 }, log: () => {} });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("the plotting example shows its figure inline with a download link, and history reopens it", async () => {
  if (!stack || !browser) throw new Error("set-up failed");
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && consoleErrors.push(m.text())));
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await context.route("**/*", (route) => {
    const { protocol, hostname } = new URL(route.request().url());
    const local = protocol === "data:" || hostname === "127.0.0.1" || hostname === "localhost";
    return local ? route.continue() : route.abort("blockedbyclient");
  });
  const figure = page.locator('[data-testid="figures"] [data-testid="figure"]');
  const naturalSize = () => figure.first().evaluate((img: HTMLImageElement) => (img.complete ? `${img.naturalWidth}x${img.naturalHeight}` : "loading"));

  try {
    await page.goto(stack.urls.web);
    await page.getByLabel("Email").fill(stack.auth.demoUser.username);
    await page.getByLabel("Password").fill(stack.auth.demoUser.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator('[data-testid="connection"][data-status="open"]').waitFor({ timeout: 20_000 });
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });

    await page.locator('[data-testid="examples"]').selectOption("matplotlib-plot");
    await expect.poll(() => page.locator(".monaco-editor .view-lines").innerText()).toMatch(/matplotlib\.pyplot/);
    await page.locator('[data-testid="run"]').click();
    await page.locator('[data-testid="verdict"][data-verdict="ok"]').waitFor({ timeout: 30_000 });
    expect((await page.locator('[data-testid="stdout"]').textContent())?.trim()).toBe("plotted 200 points");

    // The example draws a 6 x 4 inch figure at 100 dpi: a 600 x 400 PNG, decoded by the browser.
    await figure.first().waitFor({ timeout: 10_000 });
    expect(await figure.count()).toBe(1);
    await expect.poll(naturalSize).toBe("600x400");
    const download = page.locator('[data-testid="figures"] a[download]');
    expect(await download.getAttribute("download")).toMatch(/figure-1\.png$/);
    expect(await download.getAttribute("href")).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    await mkdir(join(repoRoot, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: join(repoRoot, "test-artifacts/figures.png"), fullPage: true });

    // Another run replaces the output; reopening the plot's job from history brings the figure back.
    await page.locator('[data-testid="examples"]').selectOption("fizzbuzz");
    await expect.poll(() => page.locator(".monaco-editor .view-lines").innerText()).toMatch(/FizzBuzz/);
    await page.locator('[data-testid="run"]').click();
    await expect.poll(() => page.locator('[data-testid="stdout"]').textContent(), { timeout: 30_000 }).toMatch(/FizzBuzz/);
    expect(await figure.count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="history-item"]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await page.locator('[data-testid="history-item"]').nth(1).click();
    await expect.poll(naturalSize, { timeout: 10_000 }).toBe("600x400");
  } catch (error) {
    await mkdir(join(repoRoot, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: join(repoRoot, "test-artifacts/figures-failure.png") }).catch(() => undefined);
    const shown = await page.locator("body").innerText().catch(() => "(page unavailable)");
    throw new Error(`${String(error)}\n--- page ---\n${shown}`, { cause: error });
  }
  expect(consoleErrors).toEqual([]);
  await context.close();
});
