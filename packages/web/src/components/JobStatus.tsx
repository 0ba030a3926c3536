import type { Job } from "../api/types";

const TEXT: Record<Job["state"], string> = {
  queued: "Queued — waiting for a sandbox…",
  running: "Running…",
  finished: "Finished",
  cancelled: "Cancelled",
  failed: "Failed — the platform could not run this job",
};

/** The live state line: queued → running → finished, as frames arrive. */
export function JobStatus({ job }: { job: Job | undefined }) {
  if (!job) return <span className="job-state muted">Not run yet</span>;
  const retry = job.attempt > 1 && !["finished", "cancelled", "failed"].includes(job.state);
  return (
    <span className={`job-state state-${job.state}`} data-testid="job-state" data-state={job.state} aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {TEXT[job.state]}
      {retry && <span className="muted"> (attempt {job.attempt})</span>}
    </span>
  );
}
