/// <reference types="node" />
// Issue 17 in a real browser against the local stack (sandbox tracer, S3 twin, GET /jobs/:id/trace):
// Trace a bubble sort, step through it with the buttons, the slider and the arrow keys, and see the
// lit line and the variables change step by step; the two names bound to one list carry one label.
// The heat map of an ordinary run (switched on: it is opt-in) in the gutter, with its numbers on
// hover. Screenshots of both.
import { expect, test } from "vitest";
import {
  browserSuite,
  loadDraft,
  reportingFailure,
  runUntil,
  screenshot,
  seriousA11yViolations,
  signIn,
  watchPage,
} from "./support/browser";
import type { Page } from "playwright-core";

const BUBBLE_SORT = `def bubble_sort(xs):
    n = len(xs)
    for i in range(n):
        for j in range(n - 1 - i):
            if xs[j] > xs[j + 1]:
                xs[j], xs[j + 1] = xs[j + 1], xs[j]
    return xs


data = [5, 2, 4, 1]
alias = data
print("before", data)
bubble_sort(data)
print("after", alias)
`;

const suite = browserSuite();

/** What the step view shows now: the step, the lit line in the editor, and the variables as text. */
async function view(page: Page) {
  const count = page.locator('[data-testid="step-count"]');
  return {
    index: Number(await count.getAttribute("data-index")),
    line: Number(await count.getAttribute("data-line")),
    editorLine: await page.locator('[data-testid="editor"]').getAttribute("data-trace-line"),
    litLines: await page.locator(".monaco-editor .trace-current").count(),
    vars: await page.locator('[data-testid="frames"]').innerText(),
    what: await page.locator('[data-testid="step-what"]').innerText(),
    stdout: await page.locator('[data-testid="trace-stdout"]').innerText(),
  };
}

async function traceBubbleSort(page: Page) {
  await page.goto(suite.env.stack.urls.web);
  await signIn(page, suite.env.stack.auth.demoUser);
  await loadDraft(page, { code: BUBBLE_SORT });
  await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
  await page.getByRole("button", { name: "Trace" }).click();
  await page.locator('[data-testid="stepbar"]').waitFor({ timeout: 60_000 });
}

test("step through a bubble sort: the lit line and the variables change step by step", async () => {
  const context = await suite.env.browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: "dark" });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  await reportingFailure(page, "trace", watch, async () => {
    await traceBubbleSort(page);
    // The lit line is a Monaco decoration, drawn a frame after the step bar.
    await expect.poll(async () => (await view(page)).litLines).toBe(1);
    const first = await view(page);
    expect(first.index).toBe(0);
    expect(first.line).toBeGreaterThanOrEqual(1);
    expect(first.editorLine).toBe(String(first.line));
    expect(first.litLines).toBe(1);
    expect(first.stdout).toMatch(/nothing printed yet/);

    // Next, step by step: the lit line follows the step, and across the steps the line and the
    // variables both change.
    const seen = [first];
    for (let i = 0; i < 12; i++) {
      await page.getByRole("button", { name: "Next" }).click();
      await expect.poll(async () => (await view(page)).index).toBe(i + 1);
      const now = await view(page);
      expect(now.editorLine).toBe(String(now.line));
      seen.push(now);
    }
    expect(new Set(seen.map((s) => s.line)).size).toBeGreaterThan(3);
    expect(new Set(seen.map((s) => s.vars)).size).toBeGreaterThan(3);
    // Every step shows something new: its line, its variables, or its event (a call, then its first line).
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.what).not.toBe(seen[i - 1]!.what);

    // ← goes back exactly one step (the same view as before), → forward again.
    await page.locator('[data-testid="frames"]').click();
    await page.keyboard.press("ArrowLeft");
    await expect.poll(async () => (await view(page)).index).toBe(11);
    expect((await view(page)).vars).toBe(seen[11]!.vars);
    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await view(page)).index).toBe(12);

    // Inside bubble_sort: xs is the caller's list, so it carries the same label as data and alias.
    const slider = page.getByRole("slider", { name: "Step" });
    const last = Number(await slider.getAttribute("max"));
    let inside = -1;
    for (let i = 0; i <= last && inside < 0; i++) {
      await slider.fill(String(i));
      if (
        (await page
          .locator('[data-testid="frame"][data-name="bubble_sort"] [data-testid="var"][data-name="xs"]')
          .count()) > 0
      )
        inside = i;
    }
    expect(inside).toBeGreaterThan(0);
    const xsLabel = await page
      .locator('[data-testid="frame"][data-name="bubble_sort"] > .vars > [data-testid="var"][data-name="xs"]')
      .getAttribute("data-ref");
    const dataLabel = await page
      .locator('[data-testid="frame"][data-name="<module>"] > .vars > [data-testid="var"][data-name="data"]')
      .getAttribute("data-ref");
    const aliasLabel = await page
      .locator('[data-testid="frame"][data-name="<module>"] > .vars > [data-testid="var"][data-name="alias"]')
      .getAttribute("data-ref");
    expect(xsLabel).toMatch(/^list #\d+$/);
    expect(dataLabel).toBe(xsLabel);
    expect(aliasLabel).toBe(xsLabel);
    // A few steps in, a line was executed before the current one: both are marked, in two tints.
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => page.locator(".monaco-editor .trace-current").count()).toBe(1);
    await screenshot(page, "trace-steps");
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The last step: the whole output, and the list sorted.
    await page.getByRole("button", { name: "Last step" }).click();
    await expect.poll(async () => (await view(page)).index).toBe(last);
    expect((await view(page)).stdout).toMatch(/^before \[5, 2, 4, 1\]\nafter \[1, 2, 4, 5\]\n?$/);
  });
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offLoopback).toEqual([]);
  await context.close();
});

// ~0.3 s of CPU in one loop: enough samples for the heat map every run gets.
const HOT_LOOP = `def spin(n):
    total = 0
    for k in range(n):
        total += k * k
    return total


print(spin(3_000_000))
`;

test("the heat map: every run's sampled CPU shows once switched on; counted lines when asked for; it can be switched off", async () => {
  const context = await suite.env.browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: "light" });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  const runAndWait = () => runUntil(page);
  const editor = page.locator('[data-testid="editor"]');
  const hoverLine = async (line: number) => {
    await page
      .locator(".monaco-editor .line-numbers")
      .filter({ hasText: new RegExp(`^${line}$`) })
      .hover();
    return page.locator('[data-testid="heat-tip"]');
  };
  await reportingFailure(page, "heatmap", watch, async () => {
    await page.goto(suite.env.stack.urls.web);
    await signIn(page, suite.env.stack.auth.demoUser);
    await loadDraft(page, { code: HOT_LOOP });
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
    // Hidden by default: a run shows no heat map, and there is nothing to count lines with.
    expect(await page.locator('[data-testid="heatmap-switch"]').isChecked()).toBe(false);
    expect(await page.locator('[data-testid="count-lines-switch"]').count()).toBe(0);
    await runAndWait();
    expect(await page.locator('[data-testid="heatbar"]').count()).toBe(0);
    expect(await page.locator(".monaco-editor .heat-gutter").count()).toBe(0);

    // Switched on after the run: the run's sampled heat map shows at once, no second run.
    await page.locator('[data-testid="heatmap-switch"]').check();
    await expect.poll(() => editor.getAttribute("data-heat-lines")).not.toBe("0");
    expect(await page.locator('[data-testid="heatbar"]').getAttribute("data-heat-kind")).toBe("sampled");
    expect(await page.locator('[data-testid="heat-hottest"]').innerText()).toMatch(
      /^CPU, sampled · Hottest: line 4 \(\d+ %\)/,
    );
    await expect
      .poll(async () => (await hoverLine(4)).innerText())
      .toMatch(/^Line 4: ~[\d.]+ ms of CPU \(\d+ % of the sampled time, \d+ samples?\)$/);
    await screenshot(page, "trace-heatmap-sampled");
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Counted: exact hits per line from the next run on (the switches are per page: on again after the reload).
    await loadDraft(page, { code: BUBBLE_SORT });
    await page.locator('[data-testid="heatmap-switch"]').check();
    await page.locator('[data-testid="count-lines-switch"]').check();
    await runAndWait();
    await expect.poll(() => page.locator('[data-testid="heatbar"]').getAttribute("data-heat-kind")).toBe("counted");
    // Monaco draws the gutter's decorations on a later frame than the bar gets its kind.
    await expect.poll(() => page.locator(".monaco-editor .heat-gutter").count()).toBeGreaterThan(3);
    // Line 5 (the comparison) runs most often: its numbers appear on hover over its gutter bar.
    await expect
      .poll(async () => (await hoverLine(5)).innerText())
      .toMatch(/^Line 5: \d+ hits, [\d.]+ ms \(\d+ % of the (time|hits)\)$/);
    expect(await page.locator('[data-testid="heat-hottest"]').innerText()).toMatch(
      /^Every line counted · Hottest: line \d+/,
    );
    await screenshot(page, "trace-heatmap");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('[data-testid="heatmap-toggle"]').click();
    await expect.poll(() => page.locator(".monaco-editor .heat-gutter").count()).toBe(0);
    expect(await page.locator('[data-testid="heatmap-switch"]').isChecked()).toBe(false);
    expect(await page.locator('[data-testid="count-lines-switch"]').count()).toBe(0);
  });
  expect(watch.consoleErrors).toEqual([]);
  await context.close();
});

test("on a phone the step view works with the buttons, and nothing overflows", async () => {
  const context = await suite.env.browser.newContext({
    viewport: { width: 390, height: 844 },
    colorScheme: "dark",
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  await reportingFailure(page, "trace-phone", watch, async () => {
    await traceBubbleSort(page);
    const before = await view(page);
    await page.getByRole("button", { name: "Next" }).tap();
    await page.getByRole("button", { name: "Next" }).tap();
    await expect.poll(async () => (await view(page)).index).toBe(2);
    expect((await view(page)).editorLine).not.toBe(before.editorLine);
    // The heat map's two switches fit the phone's toolbar too.
    await page.locator('[data-testid="heatmap-switch"]').check();
    await page.locator('[data-testid="count-lines-switch"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "trace-phone");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
  expect(watch.consoleErrors).toEqual([]);
  await context.close();
});

test("an exception step is marked, and a trace cut at its step cap says where", async () => {
  const context = await suite.env.browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: "dark" });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  await reportingFailure(page, "trace-exception", watch, async () => {
    await page.goto(suite.env.stack.urls.web);
    await signIn(page, suite.env.stack.auth.demoUser);
    await loadDraft(page, { code: "xs = [1, 2]\nprint('start')\nprint(xs[5])\n" });
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Trace" }).click();
    await page.locator('[data-testid="stepbar"]').waitFor({ timeout: 60_000 });
    const slider = page.getByRole("slider", { name: "Step" });
    const last = Number(await slider.getAttribute("max"));
    let found = false;
    for (let i = 0; i <= last && !found; i++) {
      await slider.fill(String(i));
      found = (await page.locator('[data-testid="step-what"]').getAttribute("data-event")) === "exception";
    }
    expect(found).toBe(true);
    expect(await page.locator('[data-testid="step-what"]').innerText()).toMatch(
      /exception\s*Step \d+: Raises IndexError: list index out of range on line 3/,
    );
    expect(await page.locator('[data-testid="step-count"]').getAttribute("data-line")).toBe("3");
    await expect.poll(() => page.locator(".monaco-editor .trace-exception").count()).toBe(1);
    expect(await page.locator('[data-testid="trace-stdout"]').innerText()).toMatch(/^start\n?$/);

    // 2,000 loop iterations: more line events than a trace keeps.
    await loadDraft(page, { code: "total = 0\nfor i in range(2000):\n    total += i\nprint(total)\n" });
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Trace" }).click();
    await page.locator('[data-testid="trace-truncated"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="trace-truncated"]').innerText()).toMatch(/^Trace truncated at step \d+:/);
    expect(Number(await page.getByRole("slider", { name: "Step" }).getAttribute("max"))).toBe(999);
    // The output is complete although the recording stopped.
    await page.getByRole("button", { name: "Last step" }).click();
    expect(await page.locator('[data-testid="verdict"]').getAttribute("data-verdict")).toBe("ok");
  });
  expect(watch.consoleErrors).toEqual([]);
  await context.close();
});
