import { type CSSProperties, useMemo } from "react";
import type { Trace } from "../api/types";
import { describeStep, framesAt, heapLabels, outputAt, sharedIds, truncationNote, type ValueNode } from "../lib/trace";
import { useTraceStore } from "../store/trace";
import { CopyButton } from "./CopyButton";

const MAX_DEPTH = 4;

/**
 * The output panel of a trace run at the step on screen: what happens at the step (an exception
 * marked), each frame's variables as a tree (heap objects labelled "list #3" in their own colour, so
 * two names for one object are seen to be one), and what the program had printed by then.
 */
export function TraceView({ trace, stdout }: { trace: Trace; stdout: string }) {
  const index = useTraceStore((state) => state.index);
  const labels = useMemo(() => heapLabels(trace), [trace]);
  const step = trace.steps[index];
  const frames = useMemo(() => (step ? framesAt(step, labels) : []), [step, labels]);
  const shared = useMemo(() => (step ? sharedIds(step) : new Set<string>()), [step]);
  const note = truncationNote(trace);
  const printed = outputAt(stdout, step);
  return (
    <div className="trace-view" data-testid="trace-view">
      {note && (
        <p className="trace-truncated" data-testid="trace-truncated">
          {note}
        </p>
      )}
      {step && (
        <p
          className={step.event === "exception" ? "step-what exception" : "step-what"}
          data-testid="step-what"
          data-event={step.event}
        >
          {step.event === "exception" && <span className="badge tone-error">exception</span>}{" "}
          <strong>Step {index + 1}:</strong> {describeStep(step)}
        </p>
      )}
      <div className="frames" data-testid="frames">
        <div className="stream-label">frames</div>
        {frames.length === 0 && <p className="muted">No frames at this step.</p>}
        {frames.map((frame, depth) => {
          const current = depth === frames.length - 1;
          return (
            <section
              key={frame.key}
              className={current ? "frame current" : "frame"}
              aria-label={`${frame.name === "<module>" ? "Global frame" : `Frame ${frame.name}`}, line ${frame.line}${current ? ", current" : ""}`}
              data-testid="frame"
              data-name={frame.name}
            >
              <div className="frame-head">
                <code>{frame.name === "<module>" ? "global" : `${frame.name}()`}</code>
                <span className="muted small">line {frame.line}</span>
                {current && <span className="badge frame-current">current</span>}
              </div>
              {frame.variables.length === 0 ? (
                <p className="muted small frame-empty">no variables</p>
              ) : (
                <ul className="vars">
                  {frame.variables.map((node) => (
                    <VariableNode key={node.name} node={node} shared={shared} depth={0} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <div className="stream stdout">
        <div className="stream-label">
          stdout up to this step
          <CopyButton text={printed} label="stdout up to this step" />
        </div>
        <pre data-testid="trace-stdout">{printed || <span className="muted">(nothing printed yet)</span>}</pre>
      </div>
    </div>
  );
}

function VariableNode({ node, shared, depth }: { node: ValueNode; shared: Set<string>; depth: number }) {
  const alias = node.ref && shared.has(node.ref.id);
  const style = node.ref ? ({ "--hue": node.ref.hue } as CSSProperties) : undefined;
  return (
    <li className="var" data-testid="var" data-name={node.name} data-ref={node.ref?.label ?? ""}>
      <span className="var-name">{node.name}</span>
      <span className="var-eq" aria-hidden="true">
        {" "}
        ={" "}
      </span>
      {node.ref ? (
        <>
          <span
            className={alias ? "ref-tag shared" : "ref-tag"}
            style={style}
            title={alias ? "Referenced from more than one place at this step" : undefined}
          >
            {node.ref.label}
          </span>{" "}
          <span className="var-value muted">
            {node.cycle ? `${node.text}, contains itself (shown above)` : node.text}
          </span>
          {alias && <span className="sr-only"> (shared: the same object as another name)</span>}
        </>
      ) : (
        <code className={`var-value value-${node.kind}`}>{node.text}</code>
      )}
      {node.omitted ? <span className="muted small"> (+{node.omitted} more not recorded)</span> : null}
      {node.children && node.children.length > 0 && depth < MAX_DEPTH && (
        <ul className="vars">
          {node.children.map((child, i) => (
            <VariableNode key={`${i}:${child.name}`} node={child} shared={shared} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
