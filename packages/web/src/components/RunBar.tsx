import type { ReactNode } from "react";
import type { Job } from "../api/types";
import { JobStatus } from "./JobStatus";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

interface Props {
  onRun: () => void;
  submitting: boolean;
  job: Job | undefined;
  error: Error | null;
  /** More actions beside Run (e.g. Analyze). */
  children?: ReactNode;
}

export function RunBar({ onRun, submitting, job, error, children }: Props) {
  return (
    <div className="runbar">
      <button type="button" className="button primary run" onClick={onRun} disabled={submitting} data-testid="run">
        {submitting ? "Submitting…" : "Run"}
        <kbd>{isMac ? "⌘" : "Ctrl"}+Enter</kbd>
      </button>
      {children}
      <JobStatus job={job} />
      {error && (
        <span className="form-error" role="alert" data-testid="run-error">
          {error.message}
        </span>
      )}
    </div>
  );
}
