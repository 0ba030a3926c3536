import type { Job } from "../api/types";
import { useNow } from "../hooks/useNow";
import { formatDuration, formatElapsed } from "../lib/format";
import { headlineOf } from "../lib/headline";

const TEXT: Record<Job["state"], string> = {
  queued: "Queued",
  running: "Running",
  finished: "Finished",
  cancelled: "Cancelled",
  failed: "Failed: the platform could not run this job",
};

/**
 * The live state line: queued → running (with a clock) → finished, as frames arrive. Once final, the
 * dot takes the headline's colour and the line names the outcome, so it never looks green after a
 * time limit or an error.
 */
export function JobStatus({ job, waitingBehind = false }: { job: Job | undefined; waitingBehind?: boolean }) {
  const live = job?.state === "queued" || job?.state === "running";
  const now = useNow(live);
  if (!job) return <span className="job-state muted">Not run yet</span>;
  const headline = headlineOf(job);
  const retry = job.attempt > 1 && live;
  // Queued: time waiting since submission; running: time since the sandbox started it.
  const since = job.state === "running" ? (job.startedAt ?? job.createdAt) : job.createdAt;
  const took = job.finishedAt && job.startedAt ? job.finishedAt - job.startedAt : undefined;
  return (
    <span
      className={`job-state state-${job.state} tone-${headline.tone}`}
      data-testid="job-state"
      data-state={job.state}
      data-tone={headline.tone}
      data-job-id={job.jobId}
    >
      <span className="dot" aria-hidden="true" />
      {/* Only the state is announced; the clock ticking ten times a second is not. */}
      <span aria-live="polite">
        {TEXT[job.state]}
        {job.state === "finished" && <span className="outcome">: {headline.short}</span>}
      </span>
      {live && (
        <span className="elapsed" data-testid="elapsed" aria-hidden="true">
          {formatElapsed(now - since)}
        </span>
      )}
      {job.state === "queued" && !retry && (
        <span className="muted" data-testid="queue-note">
          {waitingBehind ? "after your previous run" : "waiting for a sandbox…"}
        </span>
      )}
      {retry && <span className="muted">(attempt {job.attempt})</span>}
      {job.state === "finished" && took !== undefined && (
        <span
          className="muted"
          title="From the sandbox taking the job to its result being saved (your program's own time is on the Output panel)"
        >
          {formatDuration(took)} in all
        </span>
      )}
    </span>
  );
}
