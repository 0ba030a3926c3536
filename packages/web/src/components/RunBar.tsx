import type { Job } from "../api/types";
import { JobStatus } from "./JobStatus";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

interface Props {
  onRun: () => void;
  submitting: boolean;
  job: Job | undefined;
  error: Error | null;
}

export function RunBar({ onRun, submitting, job, error }: Props) {
  return (
    <div className="runbar">
      <button type="button" className="button primary run" onClick={onRun} disabled={submitting} data-testid="run">
        {submitting ? "Submitting…" : "Run"}
        <kbd>{isMac ? "⌘" : "Ctrl"}+Enter</kbd>
      </button>
      <JobStatus job={job} />
      {error && (
        <span className="form-error" role="alert" data-testid="run-error">
          {error.message}
        </span>
      )}
    </div>
  );
}
