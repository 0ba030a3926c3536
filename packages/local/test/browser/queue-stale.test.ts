/// <reference types="node" />
// Issue 18, items 6, 8 and 11: a second Run while the first still runs is sent only once asked for,
// and then says it waits "after your previous run" (not "waiting for a sandbox…"); the job's time and
// the program's usage are labelled apart; output whose code was changed in the editor since is marked
// stale. 390×844 and 1280×720, light and dark, axe + screenshots.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import {
  browserSuite,
  byTestId,
  checkScreen,
  DESKTOP,
  forEachScreen,
  loadDraft,
  openSignedIn,
  type PageWatch,
  reportingFailure,
} from "./support/browser";

const suite = browserSuite();
let page: Page;
let watch: PageWatch;

beforeAll(async () => {
  ({ page, watch } = await openSignedIn(suite.env, DESKTOP));
});

describe.sequential("queue and stale output", () => {
  test("a second run waits after your previous run; output of code edited since is marked stale: on each screen", async () => {
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `queue-stale-${label}`, watch, async () => {
        await loadDraft(page, { code: `import time\ntime.sleep(2)\nprint('slept ${label}')\n` });
        await byTestId(page, "run").click();
        await page.locator('[data-testid="job-state"][data-state="running"]').waitFor({ timeout: 20_000 });
        const first = await byTestId(page, "job-state").getAttribute("data-job-id");

        await byTestId(page, "run").click();
        await byTestId(page, "queue-again").click();
        await expect
          .poll(() => byTestId(page, "job-state").getAttribute("data-job-id"), { timeout: 10_000 })
          .not.toBe(first);
        await expect
          .poll(
            () =>
              byTestId(page, "queue-note")
                .textContent()
                .catch(() => null),
            { timeout: 10_000 },
          )
          .toBe("after your previous run");
        await checkScreen(page, `queue-behind-${label}`);

        await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
        await expect.poll(() => byTestId(page, "stdout").textContent()).toBe(`slept ${label}\n`);
        // Item 11: the whole job's time and the program's own usage say which is which.
        expect(await byTestId(page, "job-state").textContent()).toMatch(/\d+(\.\d+)? (ms|s) in all/);
        expect(await byTestId(page, "usage").textContent()).toMatch(/your program:.*wall \d+.*CPU \d+/s);
        expect(await byTestId(page, "stale").count()).toBe(0);

        await page.locator(".monaco-editor .view-lines").click();
        await page.keyboard.press("ControlOrMeta+End");
        await page.keyboard.type("# edited");
        await byTestId(page, "stale").waitFor({ timeout: 5_000 });
        await checkScreen(page, `stale-output-${label}`);
      }),
    );
    expect(watch.consoleErrors).toEqual([]);
  });
});
