import { isFinal, type Job } from "../api/types";
import { headlineOf } from "../lib/headline";
import { ShareRunButton } from "./ShareRunButton";

const ICONS = { ok: "✓", error: "✗", limit: "⏱", blocked: "⛔", internal: "!", neutral: "■", live: "…" } as const;

/**
 * The first thing under "Output": what happened to the user's goal, in its own colour; a run of
 * the user's that has ended can be shared from here (`shareable`: not on a shared run's page).
 */
export function RunHeadline({ job, shareable = true }: { job: Job; shareable?: boolean }) {
  const headline = headlineOf(job);
  return (
    <div
      className={`headline tone-${headline.tone}`}
      data-testid="verdict"
      data-verdict={job.result?.verdict ?? ""}
      data-kind={headline.kind}
      data-tone={headline.tone}
    >
      <span className="headline-icon" aria-hidden="true">
        {ICONS[headline.tone]}
      </span>
      <div className="headline-text">
        <strong data-testid="headline-title">{headline.title}</strong>
        {headline.detail && (
          <span className="headline-detail" data-testid="headline-detail">
            {headline.detail}
          </span>
        )}
      </div>
      {shareable && isFinal(job.state) && <ShareRunButton job={job} />}
    </div>
  );
}
