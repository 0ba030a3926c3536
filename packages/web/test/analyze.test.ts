/// <reference types="node" />
// In a real browser against the local stack with no Gemini key: put a merge sort in the editor,
// click Analyze, and see O(n log n) time and O(n) space from the static analyzer, with the dominant
// lines highlighted in Monaco.
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

const MERGE_SORT = `def merge_sort(arr):
    if len(arr) <= 1:
        return arr
    mid = len(arr) // 2
    left = merge_sort(arr[:mid])
    right = merge_sort(arr[mid:])
    return merge(left, right)


def merge(a, b):
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    out.extend(a[i:])
    out.extend(b[j:])
    return out


print(merge_sort([5, 2, 9, 1]))
`;

let stack: Stack | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (!existsSync(distIndex)) throw new Error("packages/web/dist is missing: run `npm run build:web` first");
  dataDir = await mkdtemp(join(tmpdir(), "code-remote-analyze-"));
  const { startLocalStack } = (await import(/* @vite-ignore */ LOCAL_MODULE)) as LocalModule;
  stack = await startLocalStack({ dataDir, ports: { web: 0, api: 0, ws: 0, cognito: 0, dynamodb: 0, sqs: 0 }, log: () => {} });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("Analyze on a merge sort shows O(n log n) time, O(n) space, the static source and highlighted lines", async () => {
  if (!stack || !browser) throw new Error("set-up failed");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && consoleErrors.push(m.text())));
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await context.route("**/*", (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === "127.0.0.1" || hostname === "localhost" ? route.continue() : route.abort("blockedbyclient");
  });
  // The editor keeps its code in localStorage: start with the merge sort already in it
  // (typing it would fight Monaco's auto-indent).
  await context.addInitScript((code) => {
    localStorage.setItem("code-remote:editor", JSON.stringify({ state: { code, stdin: "" }, version: 1 }));
  }, MERGE_SORT);
  let analyses = 0;
  page.on("request", (r) => void (r.method() === "POST" && new URL(r.url()).pathname.endsWith("/analyze") && analyses++));

  try {
    await page.goto(stack.urls.web);
    await page.getByLabel("Email").fill(stack.auth.demoUser.username);
    await page.getByLabel("Password").fill(stack.auth.demoUser.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator(".monaco-editor .view-lines").innerText()).toMatch(/def\s+merge_sort/);

    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator('[data-testid="analysis-time"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="analysis-time"]').getAttribute("data-value")).toBe("O(n log n)");
    expect(await page.locator('[data-testid="analysis-space"]').getAttribute("data-value")).toBe("O(n)");
    expect(await page.locator('[data-testid="analysis-source"]').getAttribute("data-source")).toBe("static");
    expect(await page.locator('[data-testid="analysis-note"]').innerText()).toMatch(/No Gemini API key/);
    expect((await page.locator('[data-testid="analysis-explanation"]').innerText()).length).toBeGreaterThan(20);
    expect(await page.locator('[data-testid="analysis-algorithm"]').innerText()).toMatch(/divide and conquer/i);
    // The dominant lines are decorated in Monaco.
    await expect.poll(() => page.locator(".monaco-editor .dominant-line").count()).toBeGreaterThan(0);

    await mkdir(join(repoRoot, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: join(repoRoot, "test-artifacts/analyze.png") });

    // Again: the same code is answered from the cache.
    await page.getByRole("button", { name: "Analyze" }).click();
    await expect.poll(() => page.locator('[data-testid="analysis-source"]').innerText()).toContain("cached");
  } catch (error) {
    await mkdir(join(repoRoot, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: join(repoRoot, "test-artifacts/analyze-failure.png") }).catch(() => undefined);
    const shown = await page.locator("body").innerText().catch(() => "(page unavailable)");
    throw new Error(`${String(error)}\n--- page ---\n${shown}\n--- console ---\n${consoleErrors.join("\n")}`, { cause: error });
  }
  expect(analyses).toBe(2);
  expect(consoleErrors).toEqual([]);
  await context.close();
});
