import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { upsertJob } from "../api/cache";
import type { Job } from "../api/types";
import { useJobHistory } from "../hooks/useJobHistory";
import { firstCodeLine, formatAgo } from "../lib/format";
import { useEditorStore } from "../store/editor";
import { useSessionStore } from "../store/session";
import { VerdictBadge } from "./VerdictBadge";

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** Past runs, newest first; the next page loads as the end of the list scrolls into view. */
export function History() {
  const { data, error, hasNextPage, fetchNextPage, isFetchingNextPage, isPending } = useJobHistory();
  const currentJobId = useSessionStore((state) => state.currentJobId);
  const setCurrentJobId = useSessionStore((state) => state.setCurrentJobId);
  const load = useEditorStore((state) => state.load);
  const client = useQueryClient();
  const jobs = data?.pages.flatMap((page) => page.jobs) ?? [];

  // Infinite scroll: a sentinel after the last item, watched inside the list's own scroll box.
  const listRef = useRef<HTMLUListElement>(null);
  const sentinelRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { root: listRef.current, rootMargin: "0px 0px 120px 0px" },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, jobs.length]);

  /** Reopen a run: its code, stdin and tests go back into the workspace, its result on screen. */
  const reopen = (job: Job) => {
    // A listed job whose figures were left out must not stand in for the whole job: then the
    // job's own query fetches it (GET /jobs/:id), figures included.
    if (!job.result?.omittedImages) upsertJob(client, job);
    load({ code: job.code, stdin: job.stdin, tests: job.tests ?? [] });
    setCurrentJobId(job.jobId);
  };

  return (
    <section className="panel history" aria-labelledby="history-title" data-testid="history">
      <div className="panel-head">
        <span className="panel-title" id="history-title">
          History
        </span>
        <span className="muted small">click a run to reopen it</span>
      </div>
      {error && (
        <p className="form-error empty" role="alert">
          {error.message}
        </p>
      )}
      {isPending && !error && <p className="muted empty">Loading…</p>}
      {!isPending && !error && jobs.length === 0 && <p className="muted empty">No runs yet. Your runs appear here.</p>}
      <ul ref={listRef} aria-busy={isFetchingNextPage}>
        {jobs.map((job) => (
          <li key={job.jobId}>
            <button
              type="button"
              className={job.jobId === currentJobId ? "history-item selected" : "history-item"}
              onClick={() => reopen(job)}
              aria-current={job.jobId === currentJobId ? "true" : undefined}
              data-testid="history-item"
              data-job-id={job.jobId}
              title={`Reopen this run (${exact.format(job.createdAt)})`}
            >
              <span className="history-code">{firstCodeLine(job.code)}</span>
              {job.tests && job.tests.length > 0 && <TestsBadge job={job} />}
              {job.result ? (
                <VerdictBadge verdict={job.result.verdict} />
              ) : (
                <span className={`history-state state-${job.state}`}>{job.state}</span>
              )}
              <time className="muted history-time" dateTime={new Date(job.createdAt).toISOString()}>
                {formatAgo(job.createdAt)}
              </time>
            </button>
          </li>
        ))}
        {hasNextPage && (
          <li ref={sentinelRef} className="history-more">
            {/* Also a button: the observer is the mouse path, this is the keyboard one. */}
            <button type="button" className="button ghost small" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
              {isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}

function TestsBadge({ job }: { job: Job }) {
  const outcomes = job.result?.tests;
  if (!outcomes) return <span className="muted small">{job.tests?.length} tests</span>;
  const passed = outcomes.filter((o) => o.passed).length;
  return (
    <span className={`small ${passed === outcomes.length ? "tests-ok" : "tests-bad"}`} title="tests passed">
      {passed}/{outcomes.length}
    </span>
  );
}
