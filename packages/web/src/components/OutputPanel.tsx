import type { Job, Result } from "../api/types";
import { CopyButton } from "./CopyButton";
import { LiveOutput } from "./LiveOutput";
import { TestResults } from "./TestResults";
import { UsageLine } from "./UsageLine";
import { VerdictBadge } from "./VerdictBadge";

/** Everything a finished run produced: verdict, usage, stdout, figures, stderr and the Python error. */
export function OutputPanel({ job }: { job: Job | undefined }) {
  const result = job?.result;
  return (
    <section className="panel output" aria-label="Output">
      <div className="panel-head">
        <span className="panel-title">Output</span>
        {result && <VerdictBadge verdict={result.verdict} testId="verdict" />}
        {result && <UsageLine usage={result.usage} />}
      </div>
      <OutputBody job={job} result={result} />
    </section>
  );
}

function OutputBody({ job, result }: { job: Job | undefined; result: Result | undefined }) {
  if (!job) return <p className="muted empty">Run your code to see its output here.</p>;
  if (!result) {
    if (job.state === "failed" || job.state === "cancelled") {
      return <p className="muted empty">{job.reason ?? `This job was ${job.state}.`}</p>;
    }
    return <LiveOutput job={job} />;
  }
  return (
    <div className="streams">
      {result.message && <p className="verdict-message">{result.message}</p>}
      {result.error && (
        <div className="python-error" data-testid="python-error">
          <strong>{result.error.type}</strong>
          {result.error.line !== null && <span className="muted"> on line {result.error.line}</span>}
          {result.error.message && <span>: {result.error.message}</span>}
        </div>
      )}
      {result.tests && result.tests.length > 0 && <TestResults tests={result.tests} />}
      <Stream label="stdout" text={result.stdout} truncated={result.truncated.stdout} />
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
            <img src={src} width={image.width} height={image.height} alt={`${image.name} (${image.width}×${image.height})`} data-testid="figure" />
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
        <CopyButton text={text} label={label} />
      </div>
      <pre data-testid={label}>{text || <span className="muted">(empty)</span>}</pre>
    </div>
  );
}
