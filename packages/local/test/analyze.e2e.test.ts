import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyzeResponseSchema, MeasurementSchema } from "@code-remote/core/analysis";
import { apiClient } from "./support/client";
import { sharedTestStack } from "./support/shared-stack";
import type { TestStack } from "./support/stack";

// POST /analyze on the local stack with no Gemini key: the static analyzer answers through the real
// sandbox, and the same code a second time comes from the table.
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let token: string;

const MERGE_SORT = `def merge_sort(a):
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    left = merge_sort(a[:mid])
    right = merge_sort(a[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]
`;

beforeAll(async () => {
  stack = await sharedTestStack();
  api = apiClient(stack.urls.api);
  token = (await stack.signIn(stack.auth.demoUser.username, stack.auth.demoUser.password)).idToken;
});

afterAll(async () => {
  await stack?.stop();
});

describe("POST /analyze", () => {
  it("answers with the static analyzer when no key is set, then from the cache", async () => {
    expect(stack.config.gemini.apiKey).toBeUndefined();
    // The cache is shared by every user of the stack (keyed by the code): a copy of this suite's own.
    const code = `${MERGE_SORT}# ${randomUUID()}\n`;
    const first = await api("/analyze", { token, body: { code } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const a = AnalyzeResponseSchema.parse(first.body);
    expect(a.cached).toBe(false);
    expect(a.analysis).toMatchObject({ time: "O(n log n)", space: "O(n)", source: "static" });
    expect(a.analysis.note).toMatch(/no gemini api key/i);
    expect(a.analysis.explanation.length).toBeGreaterThan(20);
    expect(a.analysis.lines.length).toBeGreaterThan(0);

    const second = await api("/analyze", { token, body: { code } });
    expect(second.status).toBe(200);
    const b = AnalyzeResponseSchema.parse(second.body);
    expect(b.cached).toBe(true);
    expect(b.analysis).toEqual(a.analysis);

    const other = await api("/analyze", { token, body: { code: code + "\nprint(merge_sort([3, 1, 2]))\n" } });
    expect(other.body.cached).toBe(false);
  });

  it("needs a token, a code string, and the same 64 KiB limit as /execute", async () => {
    expect((await api("/analyze", { body: { code: "x = 1" } })).status).toBe(401);
    const missing = await api("/analyze", { token, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("VALIDATION_FAILED");
    const extra = await api("/analyze", { token, body: { code: "x = 1", stdin: "" } });
    expect(extra.status).toBe(400);
    const big = await api("/analyze", { token, body: { code: "x".repeat(64 * 1024 + 1) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("CODE_TOO_LARGE");
  });

  it("is rate-limited per user (counted in the table): past the limit it is 429 RATE_LIMITED", async () => {
    const own = await stack.user("analyst");
    const perMinute = stack.config.limits.analyzePerMinute;
    let refused: Awaited<ReturnType<typeof api>> | undefined;
    // A window edge can split the count, so allow up to two windows' worth before the refusal.
    for (let i = 0; i < perMinute * 2 + 1 && !refused; i++) {
      const r = await api("/analyze", { token: own, body: { code: "x = 1\n" } });
      if (r.status === 429) refused = r;
      else expect(r.status).toBe(200);
    }
    expect(refused?.body.error.code).toBe("RATE_LIMITED");
    // Another user is unaffected.
    expect((await api("/analyze", { token, body: { code: "x = 1\n" } })).status).toBe(200);
  });

  it("never runs the code it analyses", async () => {
    const response = await api("/analyze", { token, body: { code: 'import os\nprint("RAN")\nos._exit(3)\n' } });
    expect(response.status).toBe(200);
    expect(response.body.analysis.time).toBe("O(1)");
    expect(JSON.stringify(response.body)).not.toContain("RAN");
  });
});

describe("POST /analyze/measure", () => {
  it("times the function in the sandbox, fits its class and sets it beside the estimate", async () => {
    const response = await api("/analyze/measure", { token, body: { code: MERGE_SORT } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const m = MeasurementSchema.parse(response.body.measurement);
    expect(m).toMatchObject({
      function: "merge_sort",
      inputs: "a list of n ints",
      estimate: { time: "O(n log n)", source: "static" },
    });
    expect(m.points.length).toBeGreaterThanOrEqual(6);
    expect(m.verdict).toMatch(/^Measured: merge_sort grows like O\(/);
    expect(m.agrees).toBe(m.fit.complexity === "O(n log n)");
  });

  it("says plainly when the measurement disagrees with the estimate", async () => {
    // The static analyzer counts this loop as O(n); what it calls makes every step quadratic.
    const code =
      "def f(xs):\n    out = 0\n    for i in range(len(xs)):\n        out += len(str(xs[: i]))\n    return out\n";
    const response = await api("/analyze/measure", { token, body: { code, generator: "[7] * n" } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const m = MeasurementSchema.parse(response.body.measurement);
    expect(m.fit.complexity).toBe("O(n²)");
    if (m.estimate?.time !== "O(n²)") expect(m.verdict).toMatch(/DISAGREES with the static analyzer's estimate/);
  });

  it("refuses a program without a function to time, and code that does not parse is answered without a class", async () => {
    const none = await api("/analyze/measure", { token, body: { code: "x = 1\n" } });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/no top-level function/);
    const broken = await api("/analyze", { token, body: { code: "def f(:\n" } });
    expect(broken.body.analysis).toMatchObject({ time: null, space: null, syntaxError: { line: 1 } });
  });
});
