import type { Job } from "../api/types";
import { useNow } from "../hooks/useNow";
import { formatDuration, formatElapsed } from "../lib/format";

const TEXT: Record<Job["state"], string> = {
  queued: "Queued",
  running: "Running",
  finished: "Finished",
  cancelled: "Cancelled",
  failed: "Failed: the platform could not run this job",
};

/** The live state line: queued → running (with a clock) → finished, as frames arrive. */
export function JobStatus({ job }: { job: Job | undefined }) {
  const live = job?.state === "queued" || job?.state === "running";
  const now = useNow(live);
  if (!job) return <span className="job-state muted">Not run yet</span>;
  const retry = job.attempt > 1 && live;
  // Queued: time waiting since submission; running: time since the sandbox started it.
  const since = job.state === "running" ? (job.startedAt ?? job.createdAt) : job.createdAt;
  const took = job.finishedAt && job.startedAt ? job.finishedAt - job.startedAt : undefined;
  return (
    <span className={`job-state state-${job.state}`} data-testid="job-state" data-state={job.state} data-job-id={job.jobId}>
      <span className="dot" aria-hidden="true" />
      {/* Only the state is announced; the clock ticking ten times a second is not. */}
      <span aria-live="polite">{TEXT[job.state]}</span>
      {live && (
        <span className="elapsed" data-testid="elapsed" aria-hidden="true">
          {formatElapsed(now - since)}
        </span>
      )}
      {job.state === "queued" && !retry && <span className="muted">waiting for a sandbox…</span>}
      {retry && <span className="muted">(attempt {job.attempt})</span>}
      {job.state === "finished" && took !== undefined && <span className="muted">in {formatDuration(took)}</span>}
    </span>
  );
}
