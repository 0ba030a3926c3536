/// <reference types="node" />
// In a real browser against the local stack with no Gemini key: put a merge sort in the editor,
// click Analyze, and see O(n log n) time and O(n) space from the static analyzer, with the dominant
// lines highlighted in Monaco.
import { expect, test } from "vitest";
import { browserSuite, loadDraft, reportingFailure, screenshot, signIn, watchPage } from "./support/browser";

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

const suite = browserSuite();

test("Analyze on a merge sort shows O(n log n) time, O(n) space, the static source and highlighted lines", async () => {
  const { stack, browser } = suite.env;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  let analyses = 0;
  page.on(
    "request",
    (r) => void (r.method() === "POST" && new URL(r.url()).pathname.endsWith("/analyze") && analyses++),
  );

  await reportingFailure(page, "analyze", watch, async () => {
    await page.goto(stack.urls.web);
    await signIn(page, stack.auth.demoUser);
    await loadDraft(page, { code: MERGE_SORT });
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

    await screenshot(page, "analyze");

    // Again: the same code is answered from the cache.
    await page.getByRole("button", { name: "Analyze" }).click();
    await expect.poll(() => page.locator('[data-testid="analysis-source"]').innerText()).toContain("cached");
  });
  expect(analyses).toBe(2);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offLoopback).toEqual([]);
  await context.close();
});
