import { type ReactNode, useEffect, useLayoutEffect, useRef } from "react";
import type { Job } from "../api/types";
import { JobStatus } from "./JobStatus";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

interface Props {
  onRun: () => void;
  onCancel: () => void;
  /** Run was asked for while the job on screen is still queued or running: ask before queueing another. */
  confirmingAgain: boolean;
  onConfirmAgain: (queue: boolean) => void;
  submitting: boolean;
  cancelling: boolean;
  job: Job | undefined;
  /** The job on screen waits behind an earlier run of the same user (the queue is one lane per user). */
  waitingBehind: boolean;
  offline: boolean;
  error: Error | null;
  /** More actions beside Run (e.g. Analyze). */
  children?: ReactNode;
}

export function RunBar(props: Props) {
  const {
    onRun,
    onCancel,
    confirmingAgain,
    onConfirmAgain,
    submitting,
    cancelling,
    job,
    waitingBehind,
    offline,
    error,
    children,
  } = props;
  const live = job?.state === "queued" || job?.state === "running";
  const runRef = useRef<HTMLButtonElement>(null);
  const queueRef = useRef<HTMLButtonElement>(null);

  // Cancel disappears when the job ends; if it had focus, focus goes to Run instead of the page body.
  const cancelHadFocus = useRef(false);
  useLayoutEffect(() => {
    if (live || !cancelHadFocus.current) return;
    cancelHadFocus.current = false;
    if (document.activeElement === document.body || document.activeElement === null) runRef.current?.focus();
  }, [live]);

  useEffect(() => {
    if (confirmingAgain) queueRef.current?.focus();
  }, [confirmingAgain]);

  return (
    <div className="runbar">
      <button
        ref={runRef}
        type="button"
        className={live ? "button run again" : "button primary run"}
        onClick={onRun}
        disabled={submitting}
        data-testid="run"
        aria-keyshortcuts={isMac ? "Meta+Enter" : "Control+Enter"}
      >
        {submitting ? (offline ? "Waiting for the network…" : "Submitting…") : live ? "Run again…" : "Run"}
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: the kbd is not focusable; aria-keyshortcuts announces the shortcut, so the hint stays out of the button's name */}
        <kbd aria-hidden="true">{isMac ? "⌘" : "Ctrl"}+Enter</kbd>
      </button>
      {live && (
        <button
          type="button"
          className="button danger"
          onClick={onCancel}
          disabled={cancelling}
          data-testid="cancel"
          onFocus={() => {
            cancelHadFocus.current = true;
          }}
          onBlur={(event) => {
            // Focus moved to another control on purpose; a removed button blurs with no target.
            if (event.relatedTarget) cancelHadFocus.current = false;
          }}
        >
          {cancelling ? "Cancelling…" : "Cancel"}
        </button>
      )}
      {children}
      {confirmingAgain && live && (
        <span className="confirm-again" role="group" aria-label="Run again?" data-testid="confirm-again">
          <span>Your previous run has not finished.</span>
          <button
            ref={queueRef}
            type="button"
            className="button small primary"
            onClick={() => {
              onConfirmAgain(true);
              runRef.current?.focus();
            }}
            data-testid="queue-again"
          >
            Queue another run after it
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => {
              onConfirmAgain(false);
              runRef.current?.focus();
            }}
          >
            Keep waiting
          </button>
        </span>
      )}
      <JobStatus job={job} waitingBehind={waitingBehind} />
      {offline && (
        <span className="offline-note" role="status" data-testid="offline-note">
          You are offline{submitting ? ": the run is sent when the connection is back" : ""}.
        </span>
      )}
      {error && (
        <span className="form-error" role="alert" data-testid="run-error">
          {error.message}
        </span>
      )}
    </div>
  );
}
