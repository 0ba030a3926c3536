import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { upsertJob } from "../api/cache";
import type { Job } from "../api/types";
import { useJobHistory } from "../hooks/useJobHistory";
import { firstCodeLine, formatAgo } from "../lib/format";
import { headlineOf } from "../lib/headline";
import { useEditorStore } from "../store/editor";
import { useSessionStore } from "../store/session";

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** Past runs, newest first; the next page loads as the end of the list scrolls into view. */
export function History() {
  const { data, error, hasNextPage, fetchNextPage, isFetchingNextPage, isPending } = useJobHistory();
  const currentJobId = useSessionStore((state) => state.currentJobId);
  const setCurrentJobId = useSessionStore((state) => state.setCurrentJobId);
  const replace = useEditorStore((state) => state.replace);
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
    // A listed job whose figures were left out, or whose result is the compact one (the whole one is
    // stored apart: resultObject), must not stand in for the whole job: then the job's own query
    // fetches it (GET /jobs/:id), figures and all of its output included.
    if (!job.result?.omittedImages && !job.resultObject) upsertJob(client, job);
    replace({ code: job.code, stdin: job.stdin, tests: job.tests ?? [] }, `the run “${firstCodeLine(job.code)}”`);
    setCurrentJobId(job.jobId);
  };

  return (
    <section className="panel history" aria-labelledby="history-title" data-testid="history">
      <div className="panel-head">
        <h2 className="panel-title" id="history-title">
          History
        </h2>
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
              <Outcome job={job} />
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

/** The same outcome, in the same colour, as the run's headline and status line. */
function Outcome({ job }: { job: Job }) {
  const headline = headlineOf(job);
  return (
    <span className={`history-outcome tone-${headline.tone}`} data-testid="history-outcome" data-tone={headline.tone} title={headline.title}>
      <span className="dot" aria-hidden="true" />
      {headline.short}
    </span>
  );
}
