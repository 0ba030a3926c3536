import type { Analysis, Complexity } from "../api/analysis";
import { useAnalysisStore } from "../store/analysis";
import { useEditorStore } from "../store/editor";
import { MeasureSection } from "./MeasureSection";

const RANK: Record<Complexity, number> = {
  "O(1)": 0,
  "O(log n)": 1,
  "O(√n)": 2,
  "O(n)": 2,
  "O(n log n)": 3,
  "O(n²)": 4,
  "O(n² log n)": 4,
  "O(n³)": 5,
  "O(2ⁿ)": 6,
  "O(n!)": 7,
  other: 4,
};
const tone = (c: Complexity) => (RANK[c] <= 2 ? "good" : RANK[c] <= 3 ? "fair" : "poor");

function ComplexityBadge({ label, value, testId }: { label: string; value: Complexity; testId: string }) {
  return (
    <span className={`badge complexity complexity-${tone(value)}`} title={`${label}: ${value}`}>
      <span className="complexity-label">{label}</span>{" "}
      <span data-testid={testId} data-value={value}>
        {value}
      </span>
    </span>
  );
}

/** Text with `code` spans (models write Markdown backticks): shown as code, never as raw backticks. */
export function WithCode({ text }: { text: string }) {
  const parts = text.split(/`([^`\n]+)`/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

/** Time and space badges, the explanation, the algorithm, suggestions, and which analyzer answered. */
export function AnalysisPanel({ error, analyzing }: { error: Error | null; analyzing: boolean }) {
  const result = useAnalysisStore((state) => state.result);
  const analyzedCode = useAnalysisStore((state) => state.code);
  const code = useEditorStore((state) => state.code);
  const analysis = result?.analysis;
  const measured = useAnalysisStore((state) => state.measurement !== null);
  return (
    <section
      className={measured ? "panel analysis measured" : "panel analysis"}
      id="analysis-panel"
      aria-label="Complexity analysis"
      data-testid="analysis-panel"
    >
      <div className="panel-head">
        <span className="panel-title">Complexity</span>
        {analysis?.time && <ComplexityBadge label="time" value={analysis.time} testId="analysis-time" />}
        {analysis?.space && <ComplexityBadge label="space" value={analysis.space} testId="analysis-space" />}
        {analysis?.syntaxError && (
          <span
            className="badge complexity complexity-poor"
            data-testid="analysis-syntax-error"
            data-line={analysis.syntaxError.line}
          >
            cannot analyse
          </span>
        )}
        {analysis && (
          <span className="analysis-source muted" data-testid="analysis-source" data-source={analysis.source}>
            {analysis.source === "gemini" ? "by Gemini" : "by the static analyzer"}
            {result?.cached ? " · cached" : ""}
          </span>
        )}
      </div>
      {error && (
        <p className="form-error empty" role="alert" data-testid="analysis-error">
          {error.message}
        </p>
      )}
      <div className="analysis-body">
        {!analysis && !error && (
          <p className="muted">
            {analyzing ? "Analyzing…" : "Click Analyze to estimate the time and space complexity of your code."}
          </p>
        )}
        {analysis && <AnalysisBody analysis={analysis} stale={analyzedCode !== code} />}
        <MeasureSection />
      </div>
    </section>
  );
}

function AnalysisBody({ analysis, stale }: { analysis: Analysis; stale: boolean }) {
  return (
    <>
      {stale && <p className="muted analysis-stale">The code changed since this analysis.</p>}
      {analysis.algorithm && (
        <p className="analysis-algorithm" data-testid="analysis-algorithm">
          <strong>{analysis.algorithm}</strong>
        </p>
      )}
      <p className="analysis-explanation" data-testid="analysis-explanation">
        <WithCode text={analysis.explanation} />
      </p>
      {analysis.syntaxError && (
        <p className="muted analysis-lines">Syntax error on line {analysis.syntaxError.line} (marked in the editor).</p>
      )}
      {!analysis.syntaxError && analysis.lines.length > 0 && (
        <p className="muted analysis-lines">
          Dominant line{analysis.lines.length > 1 ? "s" : ""}: {analysis.lines.join(", ")} (highlighted in the editor)
        </p>
      )}
      {analysis.functions.length > 0 && (
        <table className="analysis-functions">
          <thead>
            <tr>
              <th>function</th>
              <th>time</th>
              <th>space</th>
            </tr>
          </thead>
          <tbody>
            {analysis.functions.map((f) => (
              <tr key={`${f.name}:${f.line}`}>
                <td>
                  <code>{f.name}</code> <span className="muted">line {f.line}</span>
                </td>
                <td>{f.time}</td>
                <td>{f.space}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {analysis.suggestions.length > 0 && (
        <ul className="analysis-suggestions" data-testid="analysis-suggestions">
          {analysis.suggestions.map((s) => (
            <li key={s}>
              <WithCode text={s} />
            </li>
          ))}
        </ul>
      )}
      {analysis.note && (
        <p className="analysis-note muted" data-testid="analysis-note">
          {analysis.note}
        </p>
      )}
    </>
  );
}
