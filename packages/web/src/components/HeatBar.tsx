import type { ReactNode } from "react";
import type { HeatMark } from "./CodeEditor";
import { HEAT_LEVELS } from "../lib/trace";
import { useTraceStore } from "../store/trace";

/**
 * Above the editor: whether the heat map is shown (every run's CPU is sampled, so it shows the last
 * run's at once) and, while it is, whether the next runs count every line (exact, but slower).
 */
export function HeatmapSwitch() {
  const on = useTraceStore((state) => state.heatmap);
  const setHeatmap = useTraceStore((state) => state.setHeatmap);
  const countLines = useTraceStore((state) => state.countLines);
  const setCountLines = useTraceStore((state) => state.setCountLines);
  return (
    <>
      <Switch
        checked={on}
        onChange={setHeatmap}
        testId="heatmap-switch"
        title="Show where the run spent its CPU time, line by line"
      >
        Heat map
      </Switch>
      {on && (
        <Switch
          checked={countLines}
          onChange={setCountLines}
          testId="count-lines-switch"
          title="Count and time every line of the next runs (exact hits, but they run several times slower)"
        >
          Count lines
        </Switch>
      )}
    </>
  );
}

function Switch({
  checked,
  onChange,
  testId,
  title,
  children,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
  testId: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <label className="heatmap-switch" title={title}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        data-testid={testId}
      />
      {children}
    </label>
  );
}

/** Under the editor while the heat map is on and the run has one: its switch, its scale, what it measured, and the hottest lines. */
export function HeatBar({ heat }: { heat: HeatMark }) {
  const setHeatmap = useTraceStore((state) => state.setHeatmap);
  const hottest = [...heat.lines].sort((a, b) => b.share - a.share).slice(0, 3);
  return (
    <div className="heatbar" data-testid="heatbar" data-heat-kind={heat.kind}>
      <button
        type="button"
        className="button small"
        aria-pressed={true}
        onClick={() => setHeatmap(false)}
        data-testid="heatmap-toggle"
      >
        Heat map on
      </button>
      <span className="heat-scale" aria-hidden="true">
        <span className="muted">cool</span>
        {Array.from({ length: HEAT_LEVELS }, (_, i) => (
          <span key={i} className={`heat-swatch heat-${i + 1}`} />
        ))}
        <span className="muted">hot</span>
      </span>
      <span className="heat-hottest muted" data-testid="heat-hottest">
        {heat.kind === "sampled" ? "CPU, sampled" : "Every line counted"} · Hottest:{" "}
        {hottest.map((h) => `line ${h.line} (${Math.round(h.share * 100)} %)`).join(", ")}
      </span>
      <details className="heat-table">
        <summary>All lines</summary>
        <ul>
          {heat.lines.map((h) => (
            <li key={h.line}>{h.title}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
