import { HEAT_LEVELS, type HeatLine } from "../lib/trace";
import { useTraceStore } from "../store/trace";

/** Beside the examples: whether the next runs collect a heat map (slower; shown after the run). */
export function HeatmapSwitch() {
  const on = useTraceStore((state) => state.heatmap);
  const setHeatmap = useTraceStore((state) => state.setHeatmap);
  return (
    <label
      className="heatmap-switch"
      title="Count and time every line of the next runs (they run several times slower)"
    >
      <input
        type="checkbox"
        checked={on}
        onChange={(event) => setHeatmap(event.target.checked)}
        data-testid="heatmap-switch"
      />
      Heat map
    </label>
  );
}

/** Under the editor after an ordinary run with a line profile: the heat map's switch, its scale, and the hottest lines. */
export function HeatBar({ lines }: { lines: HeatLine[] }) {
  const on = useTraceStore((state) => state.heatmap);
  const setHeatmap = useTraceStore((state) => state.setHeatmap);
  const hottest = [...lines].sort((a, b) => b.share - a.share).slice(0, 3);
  return (
    <div className="heatbar" data-testid="heatbar">
      <button
        type="button"
        className="button small"
        aria-pressed={on}
        onClick={() => setHeatmap(!on)}
        data-testid="heatmap-toggle"
      >
        Heat map {on ? "on" : "off"}
      </button>
      {on && (
        <>
          <span className="heat-scale" aria-hidden="true">
            <span className="muted">cool</span>
            {Array.from({ length: HEAT_LEVELS }, (_, i) => (
              <span key={i} className={`heat-swatch heat-${i + 1}`} />
            ))}
            <span className="muted">hot</span>
          </span>
          <span className="heat-hottest muted" data-testid="heat-hottest">
            Hottest: {hottest.map((h) => `line ${h.line} (${Math.round(h.share * 100)} %)`).join(", ")}
          </span>
          <details className="heat-table">
            <summary>All lines</summary>
            <ul>
              {lines.map((h) => (
                <li key={h.line}>{h.title}</li>
              ))}
            </ul>
          </details>
        </>
      )}
    </div>
  );
}
