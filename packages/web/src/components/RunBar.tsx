import type { ReactNode } from "react";
import type { Job } from "../api/types";
import { JobStatus } from "./JobStatus";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

interface Props {
  onRun: () => void;
  onCancel: () => void;
  submitting: boolean;
  cancelling: boolean;
  job: Job | undefined;
  error: Error | null;
  /** More actions beside Run (e.g. Analyze). */
  children?: ReactNode;
}

export function RunBar({ onRun, onCancel, submitting, cancelling, job, error, children }: Props) {
  const live = job?.state === "queued" || job?.state === "running";
  return (
    <div className="runbar">
      <button
        type="button"
        className="button primary run"
        onClick={onRun}
        disabled={submitting}
        data-testid="run"
        aria-keyshortcuts={isMac ? "Meta+Enter" : "Control+Enter"}
      >
        {submitting ? "Submitting…" : "Run"}
        <kbd aria-hidden="true">{isMac ? "⌘" : "Ctrl"}+Enter</kbd>
      </button>
      {live && (
        <button type="button" className="button danger" onClick={onCancel} disabled={cancelling} data-testid="cancel">
          {cancelling ? "Cancelling…" : "Cancel"}
        </button>
      )}
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
