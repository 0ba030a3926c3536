import { describe, expect, it } from "vitest";
import { formatSeconds, niceTicks, plotModel, topLevelFunctions } from "./measure";

describe("topLevelFunctions", () => {
  it("lists top-level defs in order, not methods, nested functions or defs inside strings", () => {
    const code = [
      "import heapq",
      "def merge_sort(xs):",
      "    def inner(): pass",
      "    return xs",
      '"""',
      "def not_code(x):",
      '"""',
      "class A:",
      "    def method(self): pass",
      "async def fetch(n):",
      "    return n",
      "def merge(a, b):",
      "    return a + b",
    ].join("\n");
    expect(topLevelFunctions(code)).toEqual(["merge_sort", "fetch", "merge"]);
  });

  it("is empty for a program without functions", () => {
    expect(topLevelFunctions("x = 1\nprint(x)\n")).toEqual([]);
  });
});

describe("formatSeconds", () => {
  it("picks the unit that reads best", () => {
    expect(formatSeconds(0)).toBe("0");
    expect(formatSeconds(8.4e-7)).toBe("840 ns");
    expect(formatSeconds(1.25e-5)).toBe("12.5 µs");
    expect(formatSeconds(0.0032)).toBe("3.2 ms");
    expect(formatSeconds(1.25)).toBe("1.25 s");
  });
});

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten and covers the maximum", () => {
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(0.0037)).toEqual([0, 0.001, 0.002, 0.003, 0.004]);
    expect(niceTicks(0)).toEqual([0]);
  });
});

describe("plotModel", () => {
  const measurement = {
    points: [100, 200, 400, 800].map((n) => ({ n, seconds: 2e-7 * n, fitted: 2e-7 * n })),
    fit: { complexity: "O(n)" as const, a: 0, b: 2e-7, base: 2, relativeError: 0, r2: 1 },
  };

  it("puts points left to right and bottom to top inside the area, the curve through them", () => {
    const model = plotModel(measurement, 400, 200);
    const { area } = model;
    expect(model.points).toHaveLength(4);
    for (const p of model.points) {
      expect(p.x).toBeGreaterThanOrEqual(area.left);
      expect(p.x).toBeLessThanOrEqual(area.right);
      expect(p.y).toBeGreaterThanOrEqual(area.top);
      expect(p.y).toBeLessThanOrEqual(area.bottom);
    }
    const xs = model.points.map((p) => p.x);
    const ys = model.points.map((p) => p.y);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect([...ys].sort((a, b) => b - a)).toEqual(ys);
    // A linear fit through the origin: the curve's ends sit on the first and last point.
    const coords = model.curve.split(" ").map((s) => s.slice(1).split(",").map(Number));
    expect(coords[0]).toEqual([xs[0], ys[0]]);
    expect(coords.at(-1)).toEqual([xs[3], ys[3]]);
    expect(model.yTicks.at(-1)!.label).toBe("200 µs");
    expect(model.xTicks.map((t) => t.label)).toEqual(["0", "200", "400", "600", "800"]);
  });
});
