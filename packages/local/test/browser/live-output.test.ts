/// <reference types="node" />
// Live output in a real browser: what a program prints shows while it runs, and a long stream keeps
// the page responsive.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { browserSuite, reportingFailure, screenshot, signIn, watchPage } from "./support/browser";

// A stack of its own, in this test's process as when its bounds were set: it times the page while
// frames stream in, and on the shared stack (in vitest's main process) it missed its 200 ms bounds
// in 2 of 4 runs on a loaded machine, never on a stack of its own.
const suite = browserSuite({ ownStack: true });

async function runProgram(page: Page, code: string) {
  const editor = page.locator(".monaco-editor .view-lines");
  await editor.waitFor({ timeout: 20_000 });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code); // one-line loop bodies: Monaco auto-indents typed newlines
  await page.getByTestId("run").click();
}

test("a program's output appears while it runs, and 10,000 streamed lines keep the page responsive", async () => {
  const { stack, browser } = suite.env;
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const watch = await watchPage(context, page);

  await reportingFailure(page, "live-output", watch, async () => {
    await page.goto(stack.urls.web);
    await signIn(page, stack.auth.demoUser);

    await runProgram(page, "import time\nfor i in range(5): print(i, flush=True); time.sleep(0.5)\n");
    const live = page.getByTestId("live-output");
    await expect
      .poll(async () => (await live.textContent().catch(() => ""))?.startsWith("0\n"), { timeout: 20_000 })
      .toBe(true);
    expect(await page.locator('[data-testid="job-state"]').getAttribute("data-state")).toBe("running");
    await screenshot(page, "live-output-running");
    await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("stdout").textContent()).toBe("0\n1\n2\n3\n4\n");

    // 10,000 lines over about two seconds: no task on the page's main thread may take 200 ms or more,
    // and a click during the stream is answered (handled and painted) within 200 ms. A task's duration
    // is wall time, so a renderer descheduled on a busy 2-core machine reads as a long task (216 ms once
    // in ten fresh-clone runs; three runs beside two `yes` loops saw none over 50 ms): one is forgiven.
    // Work that grows with the output (every chunk re-rendering all lines) would make dozens.
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[]; clicks: number[] };
      w.longTasks = [];
      w.clicks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
      }).observe({ type: "longtask" });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (entry.name === "click") w.clicks.push(entry.duration);
      }).observe({ type: "event", durationThreshold: 16, buffered: true } as PerformanceObserverInit);
    });
    await runProgram(page, "import time\nfor i in range(10_000): print(i); i % 100 or time.sleep(0.02)\n");
    await page.locator('[data-testid="job-state"][data-state="running"]').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => ((await live.textContent().catch(() => "")) ?? "").split("\n").length > 100, {
        timeout: 20_000,
      })
      .toBe(true);
    await live.click();
    await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 60_000 });
    const stdout = (await page.getByTestId("stdout").textContent()) ?? "";
    expect(stdout.split("\n").filter(Boolean).length).toBe(10_000);
    const { longTasks, clicks } = await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[]; clicks: number[] };
      return { longTasks: w.longTasks, clicks: w.clicks };
    });
    expect(longTasks.filter((ms) => ms >= 200).length, `long tasks (ms): ${longTasks.join(", ")}`).toBeLessThanOrEqual(
      1,
    );
    expect(Math.max(0, ...clicks)).toBeLessThan(200); // entries exist only past 16 ms: none is fine
    await screenshot(page, "live-output-10000-lines");
  });

  expect(watch.consoleErrors).toEqual([]);
  await context.close();
});
