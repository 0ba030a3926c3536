import { useId, useMemo, useState } from "react";
import type { Measurement } from "../api/analysis";
import { useElementWidth } from "../hooks/useElementWidth";
import { useMeasure } from "../hooks/useMeasure";
import { formatSeconds, plotModel, topLevelFunctions } from "../lib/measure";
import { useAnalysisStore } from "../store/analysis";
import { useEditorStore } from "../store/editor";

/**
 * Measure: one top-level function timed in the sandbox on growing inputs (built from how its
 * parameters are used, or from the user's generator expression), the best-fitting class with its R²,
 * set beside the estimate, and a plot of the measured points and the fitted curve.
 */
export function MeasureSection() {
  const code = useEditorStore((state) => state.code);
  const functions = useMemo(() => topLevelFunctions(code), [code]);
  const [chosen, setChosen] = useState<string>("");
  const [generator, setGenerator] = useState("");
  const { measure, isMeasuring, error } = useMeasure();
  const measurement = useAnalysisStore((state) => state.measurement);
  const measuredCode = useAnalysisStore((state) => state.measuredCode);
  const fn = functions.includes(chosen) ? chosen : functions[0];
  const ids = useId();

  return (
    <section className="measure" aria-labelledby={`${ids}-title`} data-testid="measure">
      <h3 className="measure-title" id={`${ids}-title`}>
        Measured growth
      </h3>
      {functions.length === 0 ? (
        <p className="muted">
          Measure times a top-level function (for example <code>def f(xs):</code>) on growing inputs.
        </p>
      ) : (
        <form
          className="measure-form"
          onSubmit={(event) => {
            event.preventDefault();
            measure(fn, generator);
          }}
        >
          {functions.length > 1 ? (
            <label className="measure-field">
              <span>Function</span>
              <select value={fn} onChange={(event) => setChosen(event.target.value)} data-testid="measure-function">
                {functions.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="measure-field">
              <span>Function</span> <code data-testid="measure-function-name">{fn}</code>
            </span>
          )}
          <button type="submit" className="button measure-button" disabled={isMeasuring} data-testid="measure-button">
            {isMeasuring ? "Measuring…" : "Measure"}
          </button>
          {/* The input is inferred from how the parameters are used; a custom one is one click away. */}
          <details className="measure-custom" open={generator !== "" || undefined}>
            <summary>Custom input</summary>
            <label className="measure-field measure-generator">
              <span>Input at size n (optional)</span>
              <input
                type="text"
                value={generator}
                onChange={(event) => setGenerator(event.target.value)}
                placeholder="e.g. [random.randint(0, 99) for _ in range(n)]"
                spellCheck={false}
                autoComplete="off"
                aria-describedby={`${ids}-hint`}
                data-testid="measure-generator"
              />
            </label>
            <p className="hint measure-hint" id={`${ids}-hint`}>
              A Python expression in <code>n</code> (with <code>random</code>) giving the argument, or a tuple of
              arguments. Left empty, the input is inferred from how the parameters are used.
            </p>
          </details>
        </form>
      )}
      <p className="muted measure-status" role="status">
        {isMeasuring ? `Timing ${fn ?? "the function"} on growing inputs in the sandbox…` : ""}
      </p>
      {error && !isMeasuring && (
        <p className="form-error" role="alert" data-testid="measure-error">
          {error.message}
        </p>
      )}
      {measurement && <MeasureResult measurement={measurement} stale={measuredCode !== code} />}
    </section>
  );
}

function MeasureResult({ measurement, stale }: { measurement: Measurement; stale: boolean }) {
  const { fit, estimate, agrees } = measurement;
  return (
    <div className="measure-result" data-testid="measure-result" data-agrees={agrees} data-fit={fit.complexity}>
      {stale && <p className="muted analysis-stale">The code changed since this measurement.</p>}
      <p className="measure-summary">
        <span className="badge complexity measure-fit" data-testid="measure-fit">
          <span className="complexity-label">measured</span> {fit.complexity}
        </span>{" "}
        <span className="measure-r2" data-testid="measure-r2" title="Goodness of fit: 1 is a perfect fit">
          R² {fit.r2.toFixed(2)}
        </span>
        {estimate?.time && (
          <span
            className={`badge measure-agreement ${agrees ? "agrees" : "disagrees"}`}
            data-testid="measure-agreement"
          >
            {agrees ? `agrees with the estimate ${estimate.time}` : `disagrees with the estimate ${estimate.time}`}
          </span>
        )}
      </p>
      <p className="measure-verdict" data-testid="measure-verdict">
        {measurement.verdict}
      </p>
      <p className="muted small">
        <code>{measurement.function}</code> was given {measurement.inputs}.
      </p>
      <MeasurePlot measurement={measurement} />
    </div>
  );
}

function MeasurePlot({ measurement }: { measurement: Measurement }) {
  const [box, setBox] = useState<HTMLElement | null>(null);
  const width = Math.max(240, Math.min(640, useElementWidth(box, 420)));
  const height = Math.round(Math.min(240, Math.max(170, width * 0.45)));
  const model = useMemo(() => plotModel(measurement, width, height), [measurement, width, height]);
  const ids = useId();
  const { area } = model;
  return (
    <figure className="measure-plot" ref={setBox}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${ids}-t ${ids}-d`}
        data-testid="measure-plot"
      >
        <title id={`${ids}-t`}>Time per call against input size n</title>
        <desc id={`${ids}-d`}>
          {measurement.points.length} measured points and the fitted {measurement.fit.complexity} curve; the table below
          lists the values.
        </desc>
        {model.yTicks.map((tick) => (
          <g key={`y${tick.y}`}>
            <line className="plot-grid" x1={area.left} x2={area.right} y1={tick.y} y2={tick.y} />
            <text className="plot-label" x={area.left - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
              {tick.label}
            </text>
          </g>
        ))}
        {model.xTicks.map((tick) => (
          <text key={`x${tick.x}`} className="plot-label" x={tick.x} y={area.bottom + 14} textAnchor="middle">
            {tick.label}
          </text>
        ))}
        <line className="plot-axis" x1={area.left} x2={area.right} y1={area.bottom} y2={area.bottom} />
        <line className="plot-axis" x1={area.left} x2={area.left} y1={area.top} y2={area.bottom} />
        <text className="plot-label" x={(area.left + area.right) / 2} y={height - 4} textAnchor="middle">
          n
        </text>
        <path className="plot-curve" d={model.curve} data-testid="measure-curve" />
        {model.points.map((p) => (
          <circle key={p.n} className="plot-point" cx={p.x} cy={p.y} r={3.5} data-testid="measure-point">
            <title>
              n = {p.n}: {formatSeconds(p.seconds)}
            </title>
          </circle>
        ))}
      </svg>
      <figcaption className="plot-legend">
        <span className="legend-point" aria-hidden="true" /> measured{" "}
        <span className="legend-curve" aria-hidden="true" /> fitted {measurement.fit.complexity}
      </figcaption>
      <details className="measure-table">
        <summary>Timings</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">n</th>
              <th scope="col">measured</th>
              <th scope="col">fitted</th>
            </tr>
          </thead>
          <tbody>
            {measurement.points.map((p) => (
              <tr key={p.n}>
                <td>{p.n}</td>
                <td>{formatSeconds(p.seconds)}</td>
                <td>{formatSeconds(p.fitted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
