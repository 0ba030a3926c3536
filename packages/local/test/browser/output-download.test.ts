/// <reference types="node" />
// Large outputs in a real browser against the local stack: 10,000 lines (too large for a job's table
// item, so stored whole as an object) end ok, and "Download output" saves every line as a .txt file;
// output past the limit says where it was cut, in lines and bytes, and the download has what was kept.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import {
  browserSuite,
  checkScreen,
  DESKTOP,
  forEachScreen,
  loadDraft,
  openSignedIn,
  type PageWatch,
  reportingFailure,
  runUntil,
  screenshot,
} from "./support/browser";

const suite = browserSuite();
let page: Page;
let watch: PageWatch;

beforeAll(async () => {
  ({ page, watch } = await openSignedIn(suite.env, DESKTOP));
});

const TEN_THOUSAND = "for i in range(10_000):\n    print(f'line {i:05d} ' + 'x' * 40)\n";
const TEN_THOUSAND_OUT = Array.from(
  { length: 10_000 },
  (_, i) => `line ${String(i).padStart(5, "0")} ${"x".repeat(40)}\n`,
).join("");
const FLOOD = "for i in range(200_000):\n    print(f'row {i:07d}')\n";

async function run(code: string) {
  await loadDraft(page, { code });
  await runUntil(page, { timeout: 60_000 });
}

async function downloaded(): Promise<{ name: string; text: string }> {
  const button = page.locator('[data-testid="download-output"]');
  await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, "utf8") };
}

describe.sequential("output download", () => {
  test("10,000 lines: verdict ok, all of them on screen on each screen, and the downloaded file is complete", async () => {
    await reportingFailure(page, "output-download", watch, async () => {
      await run(TEN_THOUSAND);
      const jobId = await page.locator('[data-testid="job-state"]').getAttribute("data-job-id");
      const file = await downloaded();
      expect(file.name).toBe(`output-${jobId}.txt`);
      expect(file.text).toBe(TEN_THOUSAND_OUT);
    });
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `output-download-${label}`, watch, async () => {
        await expect.poll(() => page.locator('[data-testid="verdict"]').getAttribute("data-verdict")).toBe("ok");
        // The push was the compact job; the page fetched the whole one.
        await expect
          .poll(() => page.locator('[data-testid="stdout"]').evaluate((el) => el.textContent?.length ?? 0), {
            timeout: 10_000,
          })
          .toBe(TEN_THOUSAND_OUT.length);
        expect(await page.locator('[data-testid="stdout-cut"]').count()).toBe(0);
        expect(await page.locator('[data-testid="download-output"]').isVisible()).toBe(true);
        await checkScreen(page, `output-download-${label}`);
      }),
    );
  });

  test("output past the limit: the panel says where it was cut, in lines and bytes, on each screen, and offers the download", async () => {
    await reportingFailure(page, "output-download-cut", watch, async () => {
      await run(FLOOD);
      const file = await downloaded();
      expect(file.text.split("\n")).toHaveLength(87_382);
      expect(file.text.endsWith("row 0087380\n")).toBe(true);
    });
    // axe checked this screen with 10,000 lines above; here each screen shows the cut and is kept.
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `output-download-cut-${label}`, watch, async () => {
        await expect
          .poll(() => page.locator('[data-testid="verdict"]').getAttribute("data-verdict"))
          .toBe("output_limit");
        const cut = page.locator('[data-testid="stdout-cut"]');
        await expect
          .poll(() => cut.innerText(), { timeout: 10_000 })
          .toMatch(/cut at the output limit \(1 MB\) after 87,381 lines \(1024 KB\)/);
        await screenshot(page, `output-download-cut-${label}`);
      }),
    );
    expect(watch.consoleErrors).toEqual([]);
  });
});
