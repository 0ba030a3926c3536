import { useJobHistory } from "../hooks/useJobHistory";
import { useSessionStore } from "../store/session";
import type { Job } from "../api/types";
import { VerdictBadge } from "./VerdictBadge";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Recent runs; picking one shows its output. */
export function History() {
  const { data, error, hasNextPage, fetchNextPage, isFetchingNextPage, isPending } = useJobHistory();
  const currentJobId = useSessionStore((state) => state.currentJobId);
  const setCurrentJobId = useSessionStore((state) => state.setCurrentJobId);
  const jobs = data?.pages.flatMap((page) => page.jobs) ?? [];

  return (
    <section className="panel history" aria-label="Recent runs">
      <div className="panel-head">
        <span className="panel-title">Recent runs</span>
      </div>
      {error && <p className="form-error">{error.message}</p>}
      {isPending && !error && <p className="muted empty">Loading…</p>}
      {!isPending && jobs.length === 0 && <p className="muted empty">No runs yet.</p>}
      <ul>
        {jobs.map((job) => (
          <li key={job.jobId}>
            <button
              type="button"
              className={job.jobId === currentJobId ? "history-item selected" : "history-item"}
              onClick={() => setCurrentJobId(job.jobId)}
            >
              <span className="history-code">{firstLine(job)}</span>
              {job.result ? (
                <VerdictBadge verdict={job.result.verdict} />
              ) : (
                <span className={`history-state state-${job.state}`}>{job.state}</span>
              )}
              <span className="muted">{time.format(job.createdAt)}</span>
            </button>
          </li>
        ))}
      </ul>
      {hasNextPage && (
        <button type="button" className="button ghost" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}

function firstLine(job: Job): string {
  const line = job.code.split("\n").find((candidate) => candidate.trim() && !candidate.trim().startsWith("#"));
  return line?.trim() ?? "(empty)";
}
