import { describe, expect, it } from "vitest";
import { fitCurve, type FitClass } from "./fit";

// Synthetic timings with a fixed overhead and ±8 % deterministic jitter: the fit must recover the class.
const jitter = (i: number) => 1 + 0.08 * Math.sin(i * 12.9898);
const curve = (shape: (n: number) => number, sizes: number[]) =>
  sizes.map((n, i) => ({ n, seconds: (2e-7 + 1e-8 * shape(n)) * jitter(i) }));
const doubling = Array.from({ length: 14 }, (_, i) => 8 * 2 ** i);

describe("fitCurve", () => {
  it.each<[FitClass, (n: number) => number, number[]]>([
    ["O(1)", () => 0, doubling],
    ["O(log n)", (n) => 40 * Math.log2(n), doubling],
    ["O(n)", (n) => n, doubling],
    ["O(n log n)", (n) => n * Math.log2(n), doubling],
    ["O(n²)", (n) => n * n, doubling.slice(0, 9)],
    ["O(n³)", (n) => n ** 3, doubling.slice(0, 7)],
    ["O(2ⁿ)", (n) => 1.618 ** n, [4, 8, 12, 16, 20, 24, 28]],
  ])("recovers %s", (complexity, shape, sizes) => {
    const fit = fitCurve(curve(shape, sizes));
    expect(fit.best.complexity).toBe(complexity);
    // R² compares with a flat line, so it says nothing for a flat curve.
    if (complexity !== "O(1)") expect(fit.r2).toBeGreaterThan(0.9);
  });

  it("calls a curve that does not grow O(1), whatever a few stray spikes fit (a measurement on a loaded machine)", () => {
    const spikes: Record<number, number> = {
      16: 1.83e-7,
      8192: 3.1e-9,
      32768: 1.61e-7,
      131072: 5.6e-9,
      262144: 1.06e-8,
    };
    const measured = Array.from({ length: 16 }, (_, i) => 8 * 2 ** i).map((n) => ({ n, seconds: spikes[n] ?? 1e-9 }));
    expect(fitCurve(measured).best.complexity).toBe("O(1)");
  });

  it("calls a linear loop O(n) although caches make its time per element jump midway (a measurement that fitted n log n best)", () => {
    const seconds = [
      1.378e-7, 3.031e-7, 6.576e-7, 1.304e-6, 2.643e-6, 5.224e-6, 1.272e-5, 2.121e-5, 4.153e-5, 8.724e-5, 3.02e-4,
      5.998e-4, 1.284e-3, 2.821e-3, 4.936e-3, 7.156e-3,
    ];
    const measured = seconds.map((s, i) => ({ n: 8 * 2 ** i, seconds: s }));
    const fit = fitCurve(measured);
    expect(fit.candidates.find((c) => c.complexity === "O(n log n)")!.relativeError).toBeLessThan(
      fit.candidates.find((c) => c.complexity === "O(n)")!.relativeError,
    );
    expect(fit.best.complexity).toBe("O(n)");
  });

  // Measurements from a loaded machine (two busy loops beside): each fitted n log n best, and the
  // whole span's growth alone did not tell (the first two grew 2.3× and 2.6× beyond linear).
  const measured = (points: [number, number][]) => points.map(([n, seconds]) => ({ n, seconds }));
  it.each([
    [
      "a summing loop whose per-element time jumps at 4,096 and keeps rising",
      [
        [8, 1.41e-7],
        [16, 3.328e-7],
        [32, 7.143e-7],
        [64, 1.505e-6],
        [128, 2.842e-6],
        [256, 5.464e-6],
        [512, 1.088e-5],
        [1024, 2.276e-5],
        [2048, 4.676e-5],
        [4096, 1.5e-4],
        [8192, 3.021e-4],
        [16384, 5.742e-4],
        [24576, 9.068e-4],
        [49152, 2.084e-3],
        [98304, 4.698e-3],
        [147456, 6.319e-3],
        [221184, 1.015e-2],
        [262144, 1.292e-2],
      ],
    ],
    [
      "a set-membership loop (its hash table outgrows the caches)",
      [
        [8, 8.428e-7],
        [16, 1.223e-6],
        [32, 2.715e-6],
        [64, 4.828e-6],
        [128, 1.029e-5],
        [256, 1.983e-5],
        [512, 4.276e-5],
        [1024, 7.614e-5],
        [2048, 1.746e-4],
        [4096, 3.319e-4],
        [8192, 8.119e-4],
        [12288, 1.222e-3],
        [24576, 3.019e-3],
        [36864, 4.622e-3],
        [73728, 1.08e-2],
        [110592, 1.98e-2],
        [165888, 3.437e-2],
        [248832, 5.822e-2],
      ],
    ],
  ] as [string, [number, number][]][])(
    "calls %s O(n): in the caches its time per element does not grow",
    (_, points) => {
      const fit = fitCurve(measured(points));
      expect(fit.candidates.find((c) => c.complexity === "O(n log n)")!.relativeError).toBeLessThan(
        fit.candidates.find((c) => c.complexity === "O(n)")!.relativeError,
      );
      expect(fit.best.complexity).toBe("O(n)");
    },
  );

  it("keeps a linear loop O(n) when least squares says so, although its per-element time read high over a few in-cache sizes (idle, beside another suite)", () => {
    const points: [number, number][] = [
      [8, 1.44e-7],
      [16, 3.108e-7],
      [32, 6.376e-7],
      [64, 1.455e-6],
      [128, 2.573e-6],
      [256, 8.49e-6],
      [512, 1.855e-5],
      [1024, 3.313e-5],
      [1536, 5.398e-5],
      [3072, 7.463e-5],
      [6144, 1.265e-4],
      [12288, 3.458e-4],
      [24576, 7.801e-4],
      [49152, 1.992e-3],
      [73728, 1.898e-3],
      [110592, 2.69e-3],
      [221184, 6.35e-3],
      [262144, 7.12e-3],
    ];
    const fit = fitCurve(measured(points));
    expect(fit.candidates.find((c) => c.complexity === "O(n)")!.relativeError).toBeLessThan(
      fit.candidates.find((c) => c.complexity === "O(n log n)")!.relativeError,
    );
    expect(fit.best.complexity).toBe("O(n)");
  });

  it("calls a constant-time function O(1) although its time steps up once (shared small ints give way at n ~ 256; it fitted O(log n))", () => {
    const seconds = [
      2.57e-8, 4.679e-8, 3.337e-8, 2.723e-8, 2.483e-8, 3.115e-8, 4.798e-8, 5.023e-8, 4.91e-8, 4.883e-8, 4.998e-8,
      4.804e-8, 4.815e-8, 4.882e-8, 4.861e-8, 4.768e-8,
    ];
    const measured = seconds.map((s, i) => ({ n: 8 * 2 ** i, seconds: s }));
    expect(fitCurve(measured).candidates[1]!.complexity).not.toBe("O(1)"); // least squares alone says O(log n)
    expect(fitCurve(measured).best.complexity).toBe("O(1)");
  });

  it("calls a constant-time function O(1) although its time steps up over several sizes (256 → 4,096, under load; it fitted O(log n))", () => {
    const seconds = [
      3.125e-8, 2.792e-8, 2.658e-8, 2.795e-8, 2.673e-8, 2.763e-8, 3.571e-8, 3.945e-8, 3.006e-8, 4.546e-8, 4.664e-8,
      4.677e-8, 4.651e-8, 4.61e-8, 4.454e-8, 3.361e-8,
    ];
    const measured = seconds.map((s, i) => ({ n: 8 * 2 ** i, seconds: s }));
    expect(fitCurve(measured).best.complexity).toBe("O(1)");
  });

  it("keeps a shallow O(log n) (a C binary search: 60 ns + 10 ns a doubling) O(log n), with or without a spike", () => {
    const sizes = Array.from({ length: 16 }, (_, i) => 8 * 2 ** i);
    const shallow = sizes.map((n, i) => ({ n, seconds: (6e-8 + 1e-8 * Math.log2(n)) * jitter(i) }));
    expect(fitCurve(shallow).best.complexity).toBe("O(log n)");
    const spiked = shallow.map((p) => (p.n === 1024 ? { ...p, seconds: p.seconds * 2 } : p));
    expect(fitCurve(spiked).best.complexity).toBe("O(log n)");
  });

  it("needs three sizes", () => {
    expect(() => fitCurve([{ n: 1, seconds: 1 }])).toThrow(/three sizes/);
  });
});
