/// <reference types="node" />
// In a real browser against the local stack: pick the matplotlib starter example, run it, and see
// the figure inline below stdout (a PNG of the size the job drew, with a download link); run
// something else, then reopen the plot from history and see the figure again (also after a reload,
// when the history listing carries no figures and reopening fetches the job).
import { expect, test } from "vitest";
import { browserSuite, pickExample, reportingFailure, screenshot, signIn, watchPage } from "./support/browser";

const suite = browserSuite();

test("the plotting example shows its figure inline with a download link, and history reopens it", async () => {
  const { stack, browser } = suite.env;
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  const figure = page.locator('[data-testid="figures"] [data-testid="figure"]');
  const naturalSize = () =>
    figure
      .first()
      .evaluate((img: HTMLImageElement) => (img.complete ? `${img.naturalWidth}x${img.naturalHeight}` : "loading"));

  await reportingFailure(page, "figures", watch, async () => {
    await page.goto(stack.urls.web);
    await signIn(page, stack.auth.demoUser);
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });

    await pickExample(page, "matplotlib-plot");
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
    await screenshot(page, "figures", { fullPage: true });

    // Another run replaces the output; reopening the plot's job from history brings the figure back.
    await pickExample(page, "fizzbuzz");
    await expect.poll(() => page.locator(".monaco-editor .view-lines").innerText()).toMatch(/FizzBuzz/);
    await page.locator('[data-testid="run"]').click();
    await expect
      .poll(() => page.locator('[data-testid="stdout"]').textContent(), { timeout: 30_000 })
      .toMatch(/FizzBuzz/);
    expect(await figure.count()).toBe(0);
    await expect
      .poll(() => page.locator('[data-testid="history-item"]').count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    await page.locator('[data-testid="history-item"]').nth(1).click();
    await expect.poll(naturalSize, { timeout: 10_000 }).toBe("600x400");

    // After a reload the history comes from GET /jobs, which leaves figures out (and counts them):
    // reopening the plot fetches the whole job, and the figure is back.
    const listed = page.waitForResponse((r) => new URL(r.url()).pathname === "/jobs" && r.request().method() === "GET");
    await page.reload();
    const listing = await (await listed).json();
    const plot = listing.jobs.find((j: { result?: { omittedImages?: number } }) => j.result?.omittedImages === 1);
    expect(plot, "the plot is listed with its figure left out").toBeDefined();
    expect(plot.result.images).toBeUndefined();
    await page.locator(`[data-testid="history-item"][data-job-id="${plot.jobId}"]`).click();
    await expect.poll(naturalSize, { timeout: 10_000 }).toBe("600x400");
  });
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offLoopback).toEqual([]);
  await context.close();
});
