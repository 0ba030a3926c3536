import { useEffect } from "react";
import type { Trace } from "../api/types";
import { indexForKey } from "../lib/trace";
import { useTraceStore } from "../store/trace";

/** Keys typed here belong to the control, not to stepping (text fields, Monaco, menus, the slider itself). */
function ownsArrows(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest(".monaco-editor, [role=menu], [role=tablist]")) return true;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

/**
 * Step through a trace run: first / back / next / last, a slider, and ←/→ (Home/End) anywhere on
 * the page outside a text field or the editor. The editor lights the step's line; the output panel
 * shows its frames and the output so far.
 */
export function StepBar({ trace }: { trace: Trace }) {
  const index = useTraceStore((state) => state.index);
  const setIndex = useTraceStore((state) => state.setIndex);
  const count = trace.steps.length;
  const last = count - 1;
  const step = trace.steps[index];

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || ownsArrows(event.target)) return;
      const { index: now, setIndex: go } = useTraceStore.getState();
      const next = indexForKey(event.key, now, count);
      if (next === null) return;
      event.preventDefault();
      go(next);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [count]);

  if (count === 0) {
    return (
      <div className="stepbar" data-testid="stepbar">
        <span className="muted">The trace recorded no steps of your code.</span>
      </div>
    );
  }
  const where = step ? `line ${step.line}${step.event === "exception" ? ", exception" : ""}` : "";
  return (
    <div className="stepbar" role="group" aria-label="Step through the run" data-testid="stepbar">
      <div className="step-buttons">
        <button
          type="button"
          className="button small"
          onClick={() => setIndex(0)}
          disabled={index === 0}
          aria-label="First step"
          data-testid="step-first"
        >
          <span aria-hidden="true">|◀</span>
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => setIndex(index - 1)}
          disabled={index === 0}
          title="Previous step (←)"
          aria-keyshortcuts="ArrowLeft"
          data-testid="step-prev"
        >
          <span aria-hidden="true">◀</span>
          <span className="step-word">Back</span>
        </button>
        <button
          type="button"
          className="button small primary"
          onClick={() => setIndex(index + 1)}
          disabled={index === last}
          title="Next step (→)"
          aria-keyshortcuts="ArrowRight"
          data-testid="step-next"
        >
          <span className="step-word">Next</span>
          <span aria-hidden="true">▶</span>
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => setIndex(last)}
          disabled={index === last}
          aria-label="Last step"
          data-testid="step-last"
        >
          <span aria-hidden="true">▶|</span>
        </button>
      </div>
      <input
        type="range"
        className="step-slider"
        min={0}
        max={Math.max(0, last)}
        value={index}
        onChange={(event) => setIndex(Number(event.target.value))}
        aria-label="Step"
        aria-valuetext={`Step ${index + 1} of ${count}, ${where}`}
        data-testid="step-slider"
      />
      <span
        className={step?.event === "exception" ? "step-count exception" : "step-count"}
        data-testid="step-count"
        data-index={index}
        data-line={step?.line ?? ""}
      >
        {index + 1} / {count}
        <span className="muted"> · {where}</span>
      </span>
      <span className="hint step-keys" aria-hidden="true">
        <kbd>←</kbd> <kbd>→</kbd> to step
      </span>
    </div>
  );
}
