/**
 * The growth classes a measured curve is fitted against and their shapes: used by the fit
 * (analysis/fit.ts) and by the web app's plot of the fitted curve. No dependencies, so the browser
 * bundle takes it without the rest of core.
 */
import type { Complexity } from "../analysis/model";

/** The classes a measured curve is fitted against. */
export const FIT_CLASSES = [
  "O(1)",
  "O(log n)",
  "O(n)",
  "O(n log n)",
  "O(n²)",
  "O(n³)",
  "O(2ⁿ)",
] as const satisfies readonly Complexity[];
export type FitClass = (typeof FIT_CLASSES)[number];

export interface ClassFit {
  complexity: FitClass;
  /** seconds ≈ a + b·shape(n), with a, b ≥ 0. */
  a: number;
  b: number;
  /** The exponential class's base (2 for the others, unused). */
  base: number;
  /** Root-mean-square of (measured − fitted) / measured over the points: 0.05 is within 5 % on average. */
  relativeError: number;
}

/**
 * shape(n) for each class. The exponential class has a base of its own (Fibonacci-like recursion grows
 * like 1.6ⁿ, not 2ⁿ), fitted from the points, and is scaled by the largest n so that it never overflows.
 */
export function shapeOf(complexity: FitClass, n: number, largestN: number, base = 2): number {
  switch (complexity) {
    case "O(1)":
      return 1;
    case "O(log n)":
      return Math.log2(n + 1);
    case "O(n)":
      return n;
    case "O(n log n)":
      return n * Math.log2(n + 1);
    case "O(n²)":
      return n * n;
    case "O(n³)":
      return n * n * n;
    case "O(2ⁿ)":
      return base ** (n - largestN);
  }
}

/** The fitted curve at n (for plotting beside the points). */
export function fittedSeconds(fit: ClassFit, n: number, largestN: number): number {
  return fit.a + fit.b * shapeOf(fit.complexity, n, largestN, fit.base);
}
