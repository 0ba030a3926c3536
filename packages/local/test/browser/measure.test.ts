/// <reference types="node" />
// Issue 19 in a real browser against the local stack: analyse a program with two functions, pick the
// one to measure, and see the fitted class with its R², the agreement with the estimate said in words,
// and a plot of every measured point with the fitted curve; then a generator expression that makes
// the estimate wrong, said plainly. Checked with axe at 1280×720 (dark) and 390×844 (light).
import { expect, test } from "vitest";
import {
  browserSuite,
  loadDraft,
  reportingFailure,
  screenshot,
  seriousA11yViolations,
  signIn,
  watchPage,
} from "./support/browser";

const PROGRAM = `def insertion_sort(xs):
    xs = list(xs)
    for i in range(1, len(xs)):
        j = i
        while j > 0 and xs[j - 1] > xs[j]:
            xs[j - 1], xs[j] = xs[j], xs[j - 1]
            j -= 1
    return xs


def total(xs):
    s = 0
    for x in xs:
        s += x
    return s


print(insertion_sort([3, 1, 2]), total([1, 2, 3]))
`;

// The static analyzer counts this loop as O(n); what it calls makes every step quadratic.
const HIDDEN_QUADRATIC =
  "def f(xs):\n    out = 0\n    for i in range(len(xs)):\n        out += len(str(xs[: i]))\n    return out\n";

const suite = browserSuite();

test("Measure times the chosen function, fits its class with R², and plots the points and the curve", async () => {
  const { stack, browser } = suite.env;
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: "dark" });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  const bodies: unknown[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname.endsWith("/analyze/measure")) bodies.push(r.postDataJSON());
  });

  await reportingFailure(page, "measure", watch, async () => {
    await page.goto(stack.urls.web);
    await signIn(page, stack.auth.demoUser);
    await loadDraft(page, { code: PROGRAM });
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });

    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator('[data-testid="analysis-time"]').waitFor({ timeout: 30_000 });

    // Two functions: the user picks which one is timed.
    const select = page.getByLabel("Function");
    expect(await select.locator("option").allInnerTexts()).toEqual(["insertion_sort", "total"]);
    await select.selectOption("insertion_sort");
    await page.getByRole("button", { name: "Measure" }).click();
    const result = page.locator('[data-testid="measure-result"]');
    await result.waitFor({ timeout: 90_000 });
    expect(bodies[0]).toEqual({ code: PROGRAM, function: "insertion_sort" });

    const fit = await result.getAttribute("data-fit");
    expect(fit).toMatch(/^O\(/);
    expect(await page.locator('[data-testid="measure-fit"]').innerText()).toContain(fit!);
    expect(await page.locator('[data-testid="measure-r2"]').innerText()).toMatch(/^R² (-?\d\.\d\d)$/);
    const verdict = await page.locator('[data-testid="measure-verdict"]').innerText();
    expect(verdict).toMatch(/^Measured: insertion_sort grows like O\(/);
    const agreement = await page.locator('[data-testid="measure-agreement"]').innerText();
    expect(agreement).toMatch(/^(agrees|disagrees) with the estimate O\(/);
    expect(agreement.startsWith("agrees")).toBe((await result.getAttribute("data-agrees")) === "true");

    // The plot: one circle per measured point (as many as the timings table lists), inside the
    // drawing, and the fitted curve as a path of many segments.
    const points = page.locator('[data-testid="measure-point"]');
    const rows = await page.locator(".measure-table tbody tr").count();
    expect(rows).toBeGreaterThanOrEqual(6);
    expect(await points.count()).toBe(rows);
    const box = (await page.locator('[data-testid="measure-plot"]').boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    for (const circle of await points.all()) {
      const c = (await circle.boundingBox())!;
      expect(c.x).toBeGreaterThanOrEqual(box.x - 4);
      expect(c.x + c.width).toBeLessThanOrEqual(box.x + box.width + 4);
    }
    expect((await page.locator('[data-testid="measure-curve"]').getAttribute("d"))!.split("L").length).toBeGreaterThan(
      50,
    );
    await page.locator('[data-testid="measure-plot"]').scrollIntoViewIfNeeded();
    await screenshot(page, "measure");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offLoopback).toEqual([]);
  await context.close();
});

test("on a phone, in light: a generator expression is used, and a disagreement with the estimate is said plainly", async () => {
  const { stack, browser } = suite.env;
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    colorScheme: "light",
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const watch = await watchPage(context, page);
  await reportingFailure(page, "measure-phone", watch, async () => {
    await page.goto(stack.urls.web);
    await signIn(page, stack.auth.demoUser);
    await loadDraft(page, { code: HIDDEN_QUADRATIC });
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
    // One function: named, no choice to make.
    expect(await page.locator('[data-testid="measure-function-name"]').innerText()).toBe("f");
    await page.getByText("Custom input").click();
    await page.getByLabel("Input at size n (optional)").fill("[7] * n");
    await page.getByRole("button", { name: "Measure" }).click();
    const result = page.locator('[data-testid="measure-result"]');
    await result.waitFor({ timeout: 90_000 });
    expect(await result.getAttribute("data-fit")).toBe("O(n²)");
    const estimate = await page.locator('[data-testid="measure-agreement"]').innerText();
    if (!estimate.endsWith("O(n²)")) {
      expect(estimate).toMatch(/^disagrees with the estimate/);
      expect(await page.locator('[data-testid="measure-verdict"]').innerText()).toMatch(
        /DISAGREES with the static analyzer's estimate/,
      );
    }
    expect(await page.locator('[data-testid="measure-point"]').count()).toBeGreaterThanOrEqual(6);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.locator('[data-testid="measure-plot"]').scrollIntoViewIfNeeded();
    await screenshot(page, "measure-phone");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
  expect(watch.consoleErrors).toEqual([]);
  await context.close();
});
