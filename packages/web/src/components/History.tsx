import { useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { upsertJob } from "../api/cache";
import { isFinal, type Job } from "../api/types";
import { copyText, useJobActions } from "../hooks/useJobActions";
import { useJobHistory } from "../hooks/useJobHistory";
import { firstCodeLine, formatAgo } from "../lib/format";
import { headlineOf } from "../lib/headline";
import { matches } from "../lib/history";
import { useEditorStore } from "../store/editor";
import { useSessionStore } from "../store/session";

/** How long the search box waits after the last key before asking the server. */
const SEARCH_DELAY_MS = 250;

/** `value`, once it has stayed the same for `ms`. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });

/** What a row is: its title when it has one, else its first line of code. */
const nameOf = (job: Job) => job.title ?? firstCodeLine(job.code);

/** A row's parts the arrow keys move between: the row itself, then its actions. */
const PARTS = ["open", "share", "rename", "delete"] as const;
type Part = (typeof PARTS)[number];

/**
 * Past runs, newest first; the next page loads as the end of the list scrolls into view. The list is
 * one Tab stop (roving tabindex): ↑/↓/Home/End move between runs, ←/→ between a run and its actions,
 * Enter opens, F2 renames, Delete deletes (after a confirmation); the search box searches the whole
 * history by title and code.
 */
export function History() {
  const [query, setQuery] = useState("");
  // The loaded history filters at once as the user types; a moment later the server searches the
  // whole history (GET /jobs?q=) and its pages take over, scrolled like the history's.
  const search = useDebounced(query.trim(), SEARCH_DELAY_MS);
  const history = useJobHistory();
  const searched = useJobHistory(search);
  const searching = search !== "" && search === query.trim();
  // Until the server's first page arrives, the loaded history, filtered here, stands in.
  const fromServer = searching && !searched.isPending;
  const { data, error, hasNextPage, fetchNextPage, isFetchingNextPage, isPending } = fromServer ? searched : history;
  const currentJobId = useSessionStore((state) => state.currentJobId);
  const setCurrentJobId = useSessionStore((state) => state.setCurrentJobId);
  const replace = useEditorStore((state) => state.replace);
  const client = useQueryClient();
  const actions = useJobActions();
  const all = useMemo(() => history.data?.pages.flatMap((page) => page.jobs) ?? [], [history.data]);
  const shownPages = useMemo(() => data?.pages.flatMap((page) => page.jobs) ?? [], [data]);
  const jobs = useMemo(() => shownPages.filter((job) => matches(job, query)), [shownPages, query]);

  // Roving tabindex: one element of the list is tabbable; `focusNext` moves the DOM focus after a render.
  const [active, setActive] = useState<{ jobId: string; part: Part } | null>(null);
  const activeRow = jobs.find((job) => job.jobId === active?.jobId)
    ? active!
    : jobs[0]
      ? { jobId: jobs[0].jobId, part: "open" as Part }
      : null;
  const focusNext = useRef(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; link?: string; jobId?: string; error?: boolean } | null>(null);

  const listRef = useRef<HTMLUListElement>(null);
  const sentinelRef = useRef<HTMLLIElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: jobs.length re-observes the sentinel after a page loads
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

  useLayoutEffect(() => {
    if (!focusNext.current || !activeRow) return;
    focusNext.current = false;
    listRef.current
      ?.querySelector<HTMLElement>(`[data-row="${activeRow.jobId}"][data-part="${activeRow.part}"]`)
      ?.focus();
  });

  const moveTo = (jobId: string, part: Part = "open") => {
    setActive({ jobId, part });
    focusNext.current = true;
  };

  /** Reopen a run: its code, stdin and tests go back into the workspace (one step from undo), its result on screen. */
  const reopen = (job: Job) => {
    // A listed job whose figures were left out, or whose result is the compact one (the whole one is
    // stored apart: resultObject), must not stand in for the whole job: then the job's own query
    // fetches it (GET /jobs/:id), figures and all of its output included.
    if (!job.result?.omittedImages && !job.resultObject) upsertJob(client, job);
    replace({ code: job.code, stdin: job.stdin, tests: job.tests ?? [] }, `the run “${nameOf(job)}”`);
    setCurrentJobId(job.jobId);
  };

  const startRename = (job: Job) => {
    setConfirmingDelete(null);
    setRenaming(job.jobId);
  };
  const finishRename = (job: Job, title: string | null) => {
    setRenaming(null);
    moveTo(job.jobId, "open");
    if (title === null || title.trim() === (job.title ?? "")) return;
    actions.rename.mutate(
      { jobId: job.jobId, title: title.trim() || null },
      {
        onSuccess: (renamed) => setNotice({ text: renamed.title ? `Renamed to “${renamed.title}”.` : "Name cleared." }),
        onError: (e) => setNotice({ text: e.message, error: true }),
      },
    );
  };

  const askDelete = (job: Job) => {
    setRenaming(null);
    if (!isFinal(job.state)) {
      setNotice({ text: "This run is still waiting or running: cancel it first, then delete it.", error: true });
      return;
    }
    setConfirmingDelete(job.jobId);
  };
  const confirmDelete = (job: Job) => {
    const index = jobs.findIndex((j) => j.jobId === job.jobId);
    const neighbour = jobs[index + 1] ?? jobs[index - 1];
    setConfirmingDelete(null);
    actions.remove.mutate(job.jobId, {
      onSuccess: () => {
        if (currentJobId === job.jobId) setCurrentJobId(null);
        setNotice({ text: `Deleted “${nameOf(job)}”.` });
        if (neighbour) moveTo(neighbour.jobId);
      },
      onError: (e) => {
        setNotice({ text: e.message, error: true });
        moveTo(job.jobId);
      },
    });
  };
  const cancelDelete = (job: Job) => {
    setConfirmingDelete(null);
    moveTo(job.jobId, "delete");
  };

  const share = (job: Job) => {
    if (!isFinal(job.state)) {
      setNotice({ text: "A run can be shared once it has ended.", error: true });
      return;
    }
    actions.share.mutate(job.jobId, {
      onSuccess: async ({ link }) => {
        const copied = await copyText(link);
        setNotice({
          text: copied ? `Link to “${nameOf(job)}” copied.` : `Link to “${nameOf(job)}”:`,
          link,
          jobId: job.jobId,
        });
      },
      onError: (e) => setNotice({ text: e.message, error: true }),
    });
  };
  const revoke = (jobId: string) => {
    actions.unshare.mutate(jobId, {
      onSuccess: () => setNotice({ text: "Link revoked: it no longer opens the run." }),
      onError: (e) => setNotice({ text: e.message, error: true }),
    });
  };

  const onRowKey = (event: KeyboardEvent<HTMLElement>, job: Job, part: Part) => {
    const index = jobs.findIndex((j) => j.jobId === job.jobId);
    const partIndex = PARTS.indexOf(part);
    const go = (target: Job | undefined, to: Part = "open") => {
      if (!target) return;
      event.preventDefault();
      moveTo(target.jobId, to);
    };
    switch (event.key) {
      case "ArrowDown":
        return go(jobs[index + 1]);
      case "ArrowUp":
        return go(jobs[index - 1]);
      case "Home":
        return go(jobs[0]);
      case "End":
        return go(jobs[jobs.length - 1]);
      case "ArrowRight":
        return go(job, PARTS[Math.min(partIndex + 1, PARTS.length - 1)]);
      case "ArrowLeft":
        return go(job, PARTS[Math.max(partIndex - 1, 0)]);
      case "F2":
        event.preventDefault();
        return startRename(job);
      case "Delete":
        event.preventDefault();
        return askDelete(job);
    }
  };

  const shownCount = !query.trim()
    ? ""
    : fromServer
      ? `${jobs.length} runs match${hasNextPage ? " so far" : ""}`
      : `${jobs.length} of ${all.length} loaded runs match; searching all runs…`;

  return (
    <section className="panel history" id="history-panel" aria-labelledby="history-title" data-testid="history">
      <div className="panel-head">
        <h2 className="panel-title" id="history-title">
          History
        </h2>
        <span className="muted small" id="history-keys">
          ↑↓ move · Enter opens · F2 renames · Del deletes
        </span>
      </div>
      {all.length > 0 && (
        <div className="history-search">
          <input
            type="search"
            placeholder="Search title or code"
            aria-label="Search runs by title or code"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown" && jobs[0]) {
                event.preventDefault();
                moveTo(activeRow?.jobId ?? jobs[0].jobId);
              }
            }}
            data-testid="history-search"
          />
          <span className="sr-only" role="status">
            {shownCount}
          </span>
        </div>
      )}
      {error && (
        <p className="form-error empty" role="alert">
          {error.message}
        </p>
      )}
      {isPending && !error && <p className="muted empty">Loading…</p>}
      {!history.isPending && !history.error && all.length === 0 && (
        <p className="muted empty">No runs yet. Your runs appear here.</p>
      )}
      {all.length > 0 && jobs.length === 0 && fromServer && !hasNextPage && (
        <p className="muted empty" data-testid="history-no-match">
          No run matches “{query.trim()}”.
        </p>
      )}
      <ul
        ref={listRef}
        aria-busy={isFetchingNextPage}
        aria-label="Past runs"
        aria-describedby="history-keys"
        data-testid="history-list"
      >
        {jobs.map((job) => {
          const tabbable = (part: Part) => (activeRow?.jobId === job.jobId && activeRow.part === part ? 0 : -1);
          const common = (part: Part) => ({
            "data-row": job.jobId,
            "data-part": part,
            tabIndex: tabbable(part),
            onKeyDown: (event: KeyboardEvent<HTMLElement>) => onRowKey(event, job, part),
            onFocus: () => setActive({ jobId: job.jobId, part }),
          });
          const name = nameOf(job);
          const when = exact.format(job.createdAt);
          return (
            <li key={job.jobId} className="history-row" data-testid="history-row" data-job-id={job.jobId}>
              {renaming === job.jobId ? (
                <RenameField job={job} onDone={(title) => finishRename(job, title)} />
              ) : (
                <button
                  type="button"
                  className={job.jobId === currentJobId ? "history-item selected" : "history-item"}
                  onClick={() => reopen(job)}
                  aria-current={job.jobId === currentJobId ? "true" : undefined}
                  data-testid="history-item"
                  data-job-id={job.jobId}
                  title={`Reopen this run (${when})`}
                  {...common("open")}
                >
                  <span className="history-name">
                    {job.title && (
                      <span className="history-title" data-testid="history-title">
                        {job.title}
                      </span>
                    )}
                    <span className="history-code">{firstCodeLine(job.code)}</span>
                  </span>
                  <Outcome job={job} />
                  <time className="muted history-time" dateTime={new Date(job.createdAt).toISOString()} title={when}>
                    {formatAgo(job.createdAt)}
                    <span className="sr-only">, {when}</span>
                  </time>
                </button>
              )}
              {confirmingDelete === job.jobId ? (
                <DeleteConfirm name={name} onConfirm={() => confirmDelete(job)} onCancel={() => cancelDelete(job)} />
              ) : (
                <span className="history-actions">
                  {job.shareToken && (
                    <span className="history-shared" title="Shared by link">
                      shared
                    </span>
                  )}
                  <button
                    type="button"
                    className="button small ghost"
                    aria-label={`Share “${name}” by link`}
                    title={
                      isFinal(job.state)
                        ? "Create a link to this run and copy it"
                        : "A run can be shared once it has ended"
                    }
                    aria-disabled={!isFinal(job.state) || undefined}
                    onClick={() => share(job)}
                    data-testid="history-share"
                    {...common("share")}
                  >
                    Share
                  </button>
                  <button
                    type="button"
                    className="button small ghost"
                    aria-label={`Rename “${name}”`}
                    title="Rename (F2)"
                    onClick={() => startRename(job)}
                    data-testid="history-rename"
                    {...common("rename")}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    className="button small ghost"
                    aria-label={`Delete “${name}”`}
                    title="Delete (Del)"
                    onClick={() => askDelete(job)}
                    data-testid="history-delete"
                    {...common("delete")}
                  >
                    Delete
                  </button>
                </span>
              )}
            </li>
          );
        })}
        {hasNextPage && (
          <li ref={sentinelRef} className="history-more">
            {/* Also a button: the observer is the mouse path, this is the keyboard one. */}
            <button
              type="button"
              className="button ghost small"
              onClick={() => void fetchNextPage()}
              disabled={isFetchingNextPage}
            >
              {isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </li>
        )}
      </ul>
      <div className="history-notice" role="status" data-testid="history-notice">
        {notice && (
          <>
            <span className={notice.error ? "form-error" : undefined}>{notice.text}</span>
            {notice.link && (
              <input
                readOnly
                value={notice.link}
                aria-label="Share link"
                data-testid="share-link"
                onFocus={(e) => e.currentTarget.select()}
              />
            )}
            {notice.link && notice.jobId && (
              <button
                type="button"
                className="button small ghost"
                onClick={() => revoke(notice.jobId!)}
                data-testid="history-revoke"
              >
                Revoke link
              </button>
            )}
            <button type="button" className="button ghost icon" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ×
            </button>
          </>
        )}
      </div>
    </section>
  );
}

/** Inline rename: Enter saves, Escape keeps the old name, leaving the field saves. Empty clears the name. */
function RenameField({ job, onDone }: { job: Job; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(job.title ?? "");
  const done = useRef(false);
  const finish = (title: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(title);
  };
  return (
    <input
      className="history-rename"
      autoFocus
      maxLength={100}
      value={value}
      placeholder={firstCodeLine(job.code)}
      aria-label="Name of this run (Enter saves, Escape cancels; empty clears the name)"
      data-testid="history-rename-input"
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          finish(value);
        } else if (event.key === "Escape") {
          event.preventDefault();
          finish(null);
        }
      }}
      onBlur={() => finish(value)}
    />
  );
}

/** "Delete this run?" in the row: Enter (on Delete) confirms, Escape (or Keep) does not. */
function DeleteConfirm({ name, onConfirm, onCancel }: { name: string; onConfirm: () => void; onCancel: () => void }) {
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  };
  return (
    <span className="history-confirm" role="group" aria-label={`Delete “${name}”?`} data-testid="history-confirm">
      <span className="small">Delete?</span>
      <button
        type="button"
        className="button small danger"
        autoFocus
        onClick={onConfirm}
        onKeyDown={onKey}
        data-testid="history-confirm-delete"
      >
        Delete
      </button>
      <button type="button" className="button small ghost" onClick={onCancel} onKeyDown={onKey}>
        Keep
      </button>
    </span>
  );
}

/** The same outcome, in the same colour, as the run's headline and status line. */
function Outcome({ job }: { job: Job }) {
  const headline = headlineOf(job);
  return (
    <span
      className={`history-outcome tone-${headline.tone}`}
      data-testid="history-outcome"
      data-tone={headline.tone}
      title={headline.title}
    >
      <span className="dot" aria-hidden="true" />
      {headline.short}
    </span>
  );
}
