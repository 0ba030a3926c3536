/// <reference types="node" />
// A job whose result is ~240 KB, in a real browser against the local stack: API Gateway (and the local
// gateway, which refuses what it refuses) carries at most 128 KB a message, so the final push is slim
// and the page fetches the rest. It must still show the final state and every byte of the output.
import { expect, test } from "vitest";
import { browserSuite, loadDraft, reportingFailure, screenshot, signIn, watchPage } from "./support/browser";

const suite = browserSuite();

// 64,014 bytes on each stream (the default limit is 64 KiB) and three noisy 120 × 120 figures.
const CODE = `import sys
import numpy as np
import matplotlib.pyplot as plt
sys.stdout.write(("o" * 63 + "\\n") * 1000 + "END-OF-STDOUT\\n")
sys.stderr.write(("e" * 63 + "\\n") * 1000 + "END-OF-STDERR\\n")
rng = np.random.default_rng(7)
figures = [plt.figure(figsize=(1.2, 1.2), dpi=100) for _ in range(3)]
drawn = [f.add_subplot().imshow(rng.random((120, 120))) for f in figures]
plt.show()
`;
const STDOUT = `${`${"o".repeat(63)}\n`.repeat(1000)}END-OF-STDOUT\n`;
const STDERR = `${`${"e".repeat(63)}\n`.repeat(1000)}END-OF-STDERR\n`;
const MESSAGE_QUOTA = 128_000; // WS_QUOTAS.messageBytes in core's contract

test("a ~240 KB result arrives slim over the WebSocket, and the page shows its final state and all of it", async () => {
  const { stack, browser } = suite.env;
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  const received: string[] = [];
  page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => received.push(String(payload))));
  const jobReads: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === "GET" && /^\/jobs\/[0-9A-Z]{26}$/.test(path)) jobReads.push(path);
  });

  await reportingFailure(page, "large-result", watch, async () => {
    await page.goto(stack.urls.web);
    await signIn(page, stack.auth.demoUser);
    await loadDraft(page, { code: CODE });
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator(".monaco-editor .view-lines").innerText()).toMatch(/END-OF-STDERR/);
    await page.locator('[data-testid="run"]').click();

    await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-testid="verdict"]').getAttribute("data-verdict")).toBe("ok");
    await expect.poll(() => page.locator('[data-testid="stdout"]').textContent(), { timeout: 10_000 }).toBe(STDOUT);
    expect(await page.locator('[data-testid="stderr"]').textContent()).toBe(STDERR);
    expect(await page.locator('[data-testid="stdout-truncated"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="figures"] [data-testid="figure"]').count()).toBe(3);
    await screenshot(page, "large-result");
  });

  // The result really was too large for one message: the final push was slim, the page fetched the job.
  const jobId = (await page.locator('[data-testid="job-state"]').getAttribute("data-job-id"))!;
  const pushes = received.map((text) => ({ bytes: Buffer.byteLength(text), frame: JSON.parse(text) }));
  const final = pushes.find(
    ({ frame }) => frame.type === "job" && frame.job.jobId === jobId && frame.job.state === "finished",
  );
  expect(final?.frame.job).toMatchObject({
    partial: true,
    code: "",
    result: { verdict: "ok", stdout: "", omittedImages: 3 },
  });
  expect(Math.max(...pushes.map((p) => p.bytes))).toBeLessThanOrEqual(MESSAGE_QUOTA);
  expect(jobReads).toContain(`/jobs/${jobId}`);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offLoopback).toEqual([]);
  await context.close();
});
