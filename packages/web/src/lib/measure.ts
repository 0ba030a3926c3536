import type { Measurement } from "@code-remote/core/analysis";
import { fittedSeconds } from "@code-remote/core/curves";

/**
 * The program's top-level functions, in order: the ones POST /analyze/measure can time. A line
 * scan (no Python parser in the browser): `def` at column 0 outside a triple-quoted string.
 */
export function topLevelFunctions(code: string): string[] {
  const names: string[] = [];
  let inString: string | null = null;
  for (const line of code.split("\n")) {
    if (inString === null) {
      const match = /^(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(line);
      if (match && !names.includes(match[1]!)) names.push(match[1]!);
    }
    // Track triple-quoted strings: each unescaped """ or ''' toggles (one kind at a time).
    for (const quote of line.matchAll(/"""|'''/g)) {
      if (inString === null) inString = quote[0];
      else if (inString === quote[0]) inString = null;
    }
  }
  return names;
}

type Fit = Measurement["fit"];

/** The fitted curve at n, as core's fit defines it (core/curves: no dependencies, fine in the bundle). */
export const fittedAt = (fit: Fit, n: number, largestN: number): number => fittedSeconds(fit, n, largestN);

/** Seconds in the unit that reads best: "840 ns", "12.5 µs", "3.2 ms", "1.25 s". */
export function formatSeconds(seconds: number): string {
  if (seconds === 0) return "0";
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs >= 1
      ? [seconds, "s"]
      : abs >= 1e-3
        ? [seconds * 1e3, "ms"]
        : abs >= 1e-6
          ? [seconds * 1e6, "µs"]
          : [seconds * 1e9, "ns"];
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${unit}`;
}

/** Round tick values for an axis from 0 to at least max: 1, 2 or 5 times a power of ten apart. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    ticks.push(Number((i * step).toPrecision(12)));
    if (i * step >= max * (1 - 1e-9)) return ticks;
  }
}

export interface PlotModel {
  width: number;
  height: number;
  /** The drawing area inside the axes. */
  area: { left: number; top: number; right: number; bottom: number };
  points: Array<{ x: number; y: number; n: number; seconds: number }>;
  /** SVG path of the fitted curve, sampled densely between the smallest and largest n. */
  curve: string;
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
}

const MARGIN = { left: 58, right: 14, top: 12, bottom: 34 };
const SAMPLES = 80;

/** Where everything of the measured-points plot goes: linear axes from 0, points, and the fitted curve. */
export function plotModel(measurement: Pick<Measurement, "points" | "fit">, width: number, height: number): PlotModel {
  const area = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const ns = measurement.points.map((p) => p.n);
  const largestN = Math.max(...ns);
  const smallestN = Math.min(...ns);
  const samples = Array.from({ length: SAMPLES + 1 }, (_, i) => smallestN + ((largestN - smallestN) * i) / SAMPLES);
  const curveValues = samples.map((n) => fittedAt(measurement.fit, n, largestN));
  const yMaxData = Math.max(...measurement.points.map((p) => p.seconds), ...curveValues, 0);
  const xTickValues = niceTicks(largestN);
  const yTickValues = niceTicks(yMaxData);
  const xMax = Math.max(largestN, xTickValues.at(-1)!) || 1;
  const yMax = Math.max(yMaxData, yTickValues.at(-1)!) || 1;
  const x = (n: number) => area.left + (n / xMax) * (area.right - area.left);
  const y = (s: number) => area.bottom - (s / yMax) * (area.bottom - area.top);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    width,
    height,
    area,
    points: measurement.points.map((p) => ({ x: round(x(p.n)), y: round(y(p.seconds)), n: p.n, seconds: p.seconds })),
    curve: samples
      .map((n, i) => `${i === 0 ? "M" : "L"}${round(x(n))},${round(y(Math.max(0, curveValues[i]!)))}`)
      .join(" "),
    xTicks: xTickValues.map((v) => ({ x: round(x(v)), label: v >= 10_000 ? `${v / 1000}k` : String(v) })),
    yTicks: yTickValues.map((v) => ({ y: round(y(v)), label: formatSeconds(v) })),
  };
}
