import { isTraceRun, type Job, type Result, type Trace } from "../api/types";
import { useEditorStore } from "../store/editor";
import { stripAnsi } from "../lib/ansi";
import { useTraceStore } from "../store/trace";
import { AnsiText } from "./AnsiText";
import { CopyButton } from "./CopyButton";
import { LiveOutput } from "./LiveOutput";
import { OutputDownload } from "./OutputDownload";
import { RunHeadline } from "./RunHeadline";
import { TestResults } from "./TestResults";
import { TraceView } from "./TraceView";
import { UsageLine } from "./UsageLine";

/**
 * Everything a finished run produced: the headline, usage, tests, stdout, figures and stderr. For a
 * trace run, the step on screen: its frames and variables, and the output up to it.
 */
export function OutputPanel({
  job,
  traceLoading,
  traceError,
}: {
  job: Job | undefined;
  traceLoading?: boolean;
  traceError?: Error | null;
}) {
  const result = job?.result;
  // A boolean selector: typing re-renders this panel only when the answer flips.
  const stale = useEditorStore((state) => job !== undefined && job.code !== state.code);
  return (
    <section className="panel output" id="output-panel" aria-labelledby="output-title" data-testid="output-panel">
      <div className="panel-head">
        <h2 className="panel-title" id="output-title">
          Output
        </h2>
        {stale && (
          <span className="stale-mark" data-testid="stale" title="The code in the editor changed after this run">
            code changed since this run
          </span>
        )}
        {result && <UsageLine usage={result.usage} />}
      </div>
      <OutputBody job={job} result={result} traceLoading={traceLoading ?? false} traceError={traceError ?? null} />
    </section>
  );
}

function OutputBody(props: {
  job: Job | undefined;
  result: Result | undefined;
  traceLoading: boolean;
  traceError: Error | null;
}) {
  const { job, result, traceLoading, traceError } = props;
  const trace = useTraceStore((state): Trace | null => (job && state.jobId === job.jobId ? state.trace : null));
  if (!job) return <p className="muted empty">Run your code to see its output here.</p>;
  if (!result) {
    if (job.state === "failed" || job.state === "cancelled") {
      return (
        <div className="streams">
          <RunHeadline job={job} />
        </div>
      );
    }
    return <LiveOutput job={job} />;
  }
  return (
    <div className="streams">
      {/* The headline carries the verdict, the limit in human units and the Python error: nothing says it twice. */}
      <RunHeadline job={job} />
      <OutputDownload job={job} result={result} />
      {result.tests && result.tests.length > 0 && <TestResults result={result} limits={job.limits} />}
      {isTraceRun(job) && traceLoading && <p className="muted">Loading the trace…</p>}
      {isTraceRun(job) && traceError && (
        <p className="form-error" role="alert" data-testid="trace-error">
          The trace could not be loaded: {traceError.message}
        </p>
      )}
      {trace ? (
        <TraceView trace={trace} stdout={result.stdout} />
      ) : (
        <Stream label="stdout" text={result.stdout} truncated={result.truncated.stdout} />
      )}
      {(result.images?.length || result.truncated.images) && (
        <Figures images={result.images ?? []} truncated={result.truncated.images === true} jobId={job.jobId} />
      )}
      {(result.stderr || result.truncated.stderr) && (
        <Stream label="stderr" text={result.stderr} truncated={result.truncated.stderr} />
      )}
    </div>
  );
}

type ResultImage = NonNullable<Result["images"]>[number];

/** Figures the job drew (matplotlib), inline, each with a download link. */
function Figures({ images, truncated, jobId }: { images: ResultImage[]; truncated: boolean; jobId: string }) {
  return (
    <div className="stream figures" data-testid="figures">
      <div className="stream-label">
        figures
        {truncated && <span className="truncated"> · more figures were made than a result keeps</span>}
      </div>
      {images.map((image) => {
        const src = `data:${image.mime};base64,${image.base64}`;
        return (
          <figure key={image.name} className="figure">
            <img
              src={src}
              width={image.width}
              height={image.height}
              alt={`${image.name} (${image.width}×${image.height})`}
              data-testid="figure"
            />
            <figcaption>
              <a href={src} download={`${jobId}-${image.name}`}>
                Download {image.name}
              </a>{" "}
              <span className="muted">
                {image.width}×{image.height}
              </span>
            </figcaption>
          </figure>
        );
      })}
    </div>
  );
}

function Stream({ label, text, truncated }: { label: string; text: string; truncated: boolean }) {
  return (
    <div className={`stream ${label}`}>
      <div className="stream-label">
        {label}
        {truncated && (
          <span className="truncated" data-testid={`${label}-truncated`}>
            {" "}
            · truncated at the output limit
          </span>
        )}
        <CopyButton text={stripAnsi(text)} label={label} />
      </div>
      {/* Focusable: a long line scrolls sideways, and the keyboard must be able to scroll it too. */}
      <pre data-testid={label} tabIndex={0}>
        {text ? <AnsiText text={text} /> : <span className="muted">(empty)</span>}
      </pre>
    </div>
  );
}
