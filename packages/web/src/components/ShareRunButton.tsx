import { useState } from "react";
import type { Job } from "../api/types";
import { copyText, useJobActions } from "../hooks/useJobActions";

/**
 * "Share" on a run that has ended: creates its link (or finds the one it has), copies it, and shows
 * it to copy by hand when the browser refuses the clipboard.
 */
export function ShareRunButton({ job }: { job: Job }) {
  const { share } = useJobActions();
  const [shown, setShown] = useState<{ link: string; copied: boolean } | null>(null);
  const onClick = () =>
    share.mutate(job.jobId, {
      onSuccess: async ({ link }) => setShown({ link, copied: await copyText(link) }),
    });
  return (
    <div className="share-run">
      <button
        type="button"
        className="button small"
        onClick={onClick}
        disabled={share.isPending}
        data-testid="share-run"
      >
        {share.isPending ? "Sharing…" : job.shareToken ? "Copy link" : "Share"}
      </button>
      <span role="status" className="small">
        {shown ? (
          shown.copied ? (
            "Link copied"
          ) : (
            "Copy the link:"
          )
        ) : share.error ? (
          <span className="form-error">{share.error.message}</span>
        ) : null}
      </span>
      {shown && (
        <input
          readOnly
          className="share-link"
          value={shown.link}
          aria-label="Share link"
          data-testid="share-run-link"
          onFocus={(event) => event.currentTarget.select()}
        />
      )}
    </div>
  );
}
