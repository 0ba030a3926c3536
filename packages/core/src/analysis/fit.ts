import { type ClassFit, FIT_CLASSES, type FitClass, fittedSeconds, shapeOf } from "../curves";

export { type ClassFit, FIT_CLASSES, type FitClass, fittedSeconds, shapeOf };

export interface MeasuredPoint {
  n: number;
  seconds: number;
}

export interface CurveFit {
  best: ClassFit;
  /** Every class, best first. */
  candidates: ClassFit[];
  /** R² of the best fit on the normalised timings (1 is a perfect fit). */
  r2: number;
}

// A simpler class is preferred unless a more complex one fits clearly better: within this factor of
// the best error (or this much absolute), the simpler one wins (timing noise cannot tell them apart).
const SIMPLER_WITHIN_FACTOR = 1.15;
const SIMPLER_WITHIN_ABSOLUTE = 0.02;

/**
 * Least squares on normalised timings: each class's a + b·shape(n) is fitted minimising the relative
 * error at every point (so small and large sizes count alike), and the simplest class whose error is
 * close to the best wins. Times that cannot be resolved (under RESOLUTION_SECONDS, or a millionth of
 * the largest) count as that floor, so they cannot dominate the relative error.
 */
export function fitCurve(points: readonly MeasuredPoint[]): CurveFit {
  if (points.length < 3) throw new Error("at least three sizes are needed to fit a curve");
  const largestN = Math.max(...points.map((p) => p.n));
  const floor = Math.max(Math.max(...points.map((p) => p.seconds)) * 1e-6, RESOLUTION_SECONDS);
  const ys = points.map((p) => Math.max(p.seconds, floor));
  const classes = FIT_CLASSES.filter((c) => c !== "O(2ⁿ)" || largestN <= 64);
  const base = exponentialBase(points, ys);
  const candidates = classes.map((complexity) =>
    fitOne(
      complexity,
      points.map((p) => shapeOf(complexity, p.n, largestN, base)),
      ys,
      base,
    ),
  );
  const byError = [...candidates].sort((x, y) => x.relativeError - y.relativeError);
  const bestError = byError[0]!.relativeError;
  const closest =
    (isFlat(points, ys) ? candidates.find((c) => c.complexity === "O(1)") : undefined) ??
    candidates.find(
      (c) => c.relativeError <= Math.max(bestError * SIMPLER_WITHIN_FACTOR, bestError + SIMPLER_WITHIN_ABSOLUTE),
    ) ??
    byError[0]!;
  const best = linearOrLogLinear(closest, candidates, points, ys);
  return { best, candidates: [best, ...byError.filter((c) => c !== best)], r2: rSquared(best, points, ys, largestN) };
}

// What one call's time can be told from zero by: the timing program subtracts its loop and call
// overhead (tens of nanoseconds, itself noisy), so what is left below this is noise, not cost.
const RESOLUTION_SECONDS = 2e-8;

// Sizes must span at least this factor for "does not grow" to mean anything.
const FLAT_MIN_SPAN = 16;
// The largest sizes' typical time within this factor of the smallest sizes': no growth.
const FLAT_WITHIN_FACTOR = 1.5;
// A rise made within one stretch of sizes at most STEP_SPAN wide, and at least STEP_SHARE of the whole
// rise, is a step, not growth (O(log n) over 15 doublings rises by about a fifteenth at each, so by
// about a quarter within any 16×).
const STEP_SPAN = 16;
const STEP_SHARE = 0.5;

/**
 * Time that does not grow with n: the median of the largest third of the sizes is within
 * FLAT_WITHIN_FACTOR of the smallest third's. Medians, because a constant-time function's timings
 * are mostly noise (a few stray spikes at random sizes), which least squares can fit to any class.
 * Even O(log n) over the span measured (n 8 → 262,144: log n grows 6×) is well clear of the factor.
 * A rise made in one step (STEP_SPAN, STEP_SHARE) is judged without that step.
 */
function isFlat(points: readonly MeasuredPoint[], ys: number[]): boolean {
  const bySize = points.map((p, i) => ({ n: p.n, y: ys[i]! })).sort((x, y) => x.n - y.n);
  if (bySize.length < 6 || bySize[bySize.length - 1]!.n < FLAT_MIN_SPAN * bySize[0]!.n) return false;
  const third = Math.floor(bySize.length / 3);
  const small = median(bySize.slice(0, third).map((p) => p.y));
  const large = median(bySize.slice(-third).map((p) => p.y));
  if (large <= small * FLAT_WITHIN_FACTOR) return true;
  // A step up, not a steady rise: a constant-time function gets slower where its data outgrow a cache
  // (or CPython's shared small ints, -5..256, give way to objects of their own), over a few sizes
  // rather than one when the input's values cross that bound gradually. Each point is taken as the
  // median of itself and its neighbours (a lone spike is no step). Level on both sides of the step,
  // and the step most of the rise.
  const smoothed = bySize.map((_, i) => median(bySize.slice(Math.max(0, i - 1), i + 2).map((p) => p.y)));
  // A side is level over sizes spanning at least 4× (linear growth cannot be): a short end is no side.
  const level = (start: number, end: number) => {
    const ys = smoothed.slice(start, end);
    const spans = bySize[end - 1]!.n >= 4 * bySize[start]!.n;
    return spans && Math.max(...ys) <= Math.min(...ys) * FLAT_WITHIN_FACTOR;
  };
  for (const [from, before] of bySize.entries())
    for (let to = from + 1; to < bySize.length && bySize[to]!.n <= STEP_SPAN * before.n; to++)
      if (
        smoothed[to]! - smoothed[from]! >= (large - small) * STEP_SHARE &&
        level(0, from + 1) &&
        level(to, bySize.length)
      )
        return true;
  return false;
}

// O(n) and O(n log n) differ only by the log factor, and caches can fake it: a linear function's time per
// element jumps each time its data outgrows a cache (at sizes that depend on the machine, and sooner
// when other processes share the cache), which least squares over the whole span reads as a log factor.
// Where the data fit in any CPU's L2 cache (a few thousand ints), there are no such jumps, while
// n log n's time per element grows with log n at every size. So the elasticity of the time per element
// with respect to log n over those sizes (0 for n, 1 for n log n; an O(n) part of an n log n function,
// such as merge sort's calls, lowers it towards ½) can clear a log factor least squares found (below
// LINEAR_BELOW) or confirm it (above LOG_FACTOR_ABOVE), never add one: a few disturbed in-cache sizes
// must not turn a linear fit into n log n.
const IN_CACHE_SIZES = { from: 32, to: 4096, atLeast: 4 };
const LINEAR_BELOW = 0.45;
const LOG_FACTOR_ABOVE = 0.6;

function linearOrLogLinear(
  closest: ClassFit,
  candidates: ClassFit[],
  points: readonly MeasuredPoint[],
  ys: number[],
): ClassFit {
  if (closest.complexity !== "O(n)" && closest.complexity !== "O(n log n)") return closest;
  const pick = (complexity: FitClass) => candidates.find((c) => c.complexity === complexity) ?? closest;
  const elasticity = perElementElasticity(points, ys);
  if (elasticity !== null && elasticity < LINEAR_BELOW) return pick("O(n)");
  if (elasticity !== null && elasticity > LOG_FACTOR_ABOVE) return closest;
  return closest.complexity === "O(n log n)" && lacksLogFactor(points, ys, candidates) ? pick("O(n)") : closest;
}

// When the sizes in the caches cannot decide (too few, or in between) and the two fit about as well
// (errors within LOG_FACTOR_CLOSE_ERRORS), the growth over the whole span does: over n 8 → 262,144 the
// log factor grows 6×, so n log n must have grown by at least its square root more than n did.
const LOG_FACTOR_CLOSE_ERRORS = 1.5;
function lacksLogFactor(points: readonly MeasuredPoint[], ys: number[], candidates: ClassFit[]): boolean {
  const error = (complexity: FitClass) => candidates.find((c) => c.complexity === complexity)!.relativeError;
  if (error("O(n)") > error("O(n log n)") * LOG_FACTOR_CLOSE_ERRORS) return false;
  const bySize = points.map((p, i) => ({ n: p.n, y: ys[i]! })).sort((x, y) => x.n - y.n);
  if (bySize.length < 6) return false;
  const ends = (slice: { n: number; y: number }[]) => ({
    n: Math.exp(slice.reduce((sum, p) => sum + Math.log(p.n), 0) / slice.length),
    y: Math.exp(slice.reduce((sum, p) => sum + Math.log(p.y), 0) / slice.length),
  });
  const small = ends(bySize.slice(0, 3));
  const large = ends(bySize.slice(-3));
  if (small.n < 2) return false;
  const beyondLinear = large.y / small.y / (large.n / small.n);
  const logFactor = Math.log(large.n) / Math.log(small.n);
  return beyondLinear < Math.sqrt(logFactor);
}

/**
 * The slope of log(time / n) against log(log n) over IN_CACHE_SIZES, as the median of the slopes
 * between every two sizes (Theil–Sen), so one disturbed size cannot move it; null when too few sizes
 * were measured there.
 */
function perElementElasticity(points: readonly MeasuredPoint[], ys: number[]): number | null {
  const inCache = points
    .map((p, i) => ({ n: p.n, y: ys[i]! }))
    .filter((p) => p.n >= IN_CACHE_SIZES.from && p.n <= IN_CACHE_SIZES.to)
    .map((p) => ({ x: Math.log(Math.log(p.n)), y: Math.log(p.y / p.n) }));
  if (inCache.length < IN_CACHE_SIZES.atLeast) return null;
  const slopes: number[] = [];
  for (const [i, p] of inCache.entries())
    for (const q of inCache.slice(i + 1)) if (q.x !== p.x) slopes.push((q.y - p.y) / (q.x - p.x));
  return slopes.length > 0 ? median(slopes) : null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Weighted least squares (weights 1/y²) of y ≈ a + b·x with a, b ≥ 0. */
function fitOne(complexity: FitClass, xs: number[], ys: number[], base: number): ClassFit {
  const w = ys.map((y) => 1 / (y * y));
  const error = (a: number, b: number) =>
    Math.sqrt(ys.reduce((sum, y, i) => sum + ((y - a - b * xs[i]!) / y) ** 2, 0) / ys.length);
  const sums = (f: (i: number) => number) => w.reduce((s, wi, i) => s + wi * f(i), 0);
  const sw = sums(() => 1),
    sx = sums((i) => xs[i]!),
    sy = sums((i) => ys[i]!);
  const sxx = sums((i) => xs[i]! ** 2),
    sxy = sums((i) => xs[i]! * ys[i]!);
  const options: Array<[number, number]> = [
    [sy / sw, 0], // a only
    [0, sxx > 0 ? Math.max(0, sxy / sxx) : 0], // b only
  ];
  const det = sw * sxx - sx * sx;
  if (Math.abs(det) > 1e-300) {
    const b = (sw * sxy - sx * sy) / det;
    const a = (sy - b * sx) / sw;
    if (a >= 0 && b >= 0) options.push([a, b]);
  }
  const [a, b] = options.reduce((best, ab) => (error(ab[0], ab[1]) < error(best[0], best[1]) ? ab : best));
  return { complexity, a, b, base: complexity === "O(2ⁿ)" ? base : 2, relativeError: error(a, b) };
}

/** The growth factor per unit of n over the larger half of the sizes (log-linear least squares), in [1.1, 4]. */
function exponentialBase(points: readonly MeasuredPoint[], ys: number[]): number {
  const upper = points.map((p, i) => ({ n: p.n, y: Math.log(ys[i]!) })).slice(Math.floor(points.length / 2));
  const mn = upper.reduce((s, p) => s + p.n, 0) / upper.length;
  const my = upper.reduce((s, p) => s + p.y, 0) / upper.length;
  const sxx = upper.reduce((s, p) => s + (p.n - mn) ** 2, 0);
  const slope = sxx > 0 ? upper.reduce((s, p) => s + (p.n - mn) * (p.y - my), 0) / sxx : Math.log(2);
  return Math.min(4, Math.max(1.1, Math.exp(slope)));
}

function rSquared(fit: ClassFit, points: readonly MeasuredPoint[], ys: number[], largestN: number): number {
  const top = Math.max(...ys);
  const norm = ys.map((y) => y / top);
  const mean = norm.reduce((s, y) => s + y, 0) / norm.length;
  const total = norm.reduce((s, y) => s + (y - mean) ** 2, 0);
  const residual = points.reduce((s, p, i) => s + (norm[i]! - fittedSeconds(fit, p.n, largestN) / top) ** 2, 0);
  return total === 0 ? 1 : 1 - residual / total;
}
