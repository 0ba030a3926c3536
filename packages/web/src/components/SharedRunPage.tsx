import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../api/http";
import { fetchSharedRun, jobKeys, revokeShare } from "../api/jobs";
import type { Job, SharedRun } from "../api/types";
import { firstCodeLine } from "../lib/format";
import { navigate } from "../lib/route";
import { showValue } from "../lib/tests";
import { useEditorStore } from "../store/editor";
import { AnsiText } from "./AnsiText";
import { CopyButton } from "./CopyButton";
import { RunHeadline } from "./RunHeadline";
import { TestResults } from "./TestResults";

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The shared run as the run components read a job (never the owner's: no id of theirs is sent). */
function asJob(run: SharedRun): Job {
  return {
    jobId: run.jobId ?? run.token,
    userId: "",
    code: run.code,
    stdin: run.stdin,
    limits: run.limits,
    ...(run.tests ? { tests: run.tests } : {}),
    ...(run.mode ? { mode: run.mode } : {}),
    state: run.state,
    attempt: 1,
    ...(run.result ? { result: run.result } : {}),
    ...(run.reason ? { reason: run.reason } : {}),
    createdAt: run.createdAt,
    ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
    expiresAt: 0,
  };
}

/**
 * `/s/<token>`: a run someone shared, read-only, for anyone signed in: its code, stdin, tests and
 * result. "Copy to my editor" loads it into the workspace (one step from undo, as reopening a run
 * is); its owner may revoke the link here.
 */
export function SharedRunPage({ token }: { token: string }) {
  const {
    data: run,
    error,
    isPending,
  } = useQuery({
    queryKey: jobKeys.shared(token),
    queryFn: () => fetchSharedRun(token),
    retry: (count, e) => !(e instanceof ApiError && e.status === 404) && count < 2,
  });
  const replace = useEditorStore((state) => state.replace);
  const client = useQueryClient();
  const [revoked, setRevoked] = useState(false);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  const copyToEditor = (shared: SharedRun) => {
    replace(
      { code: shared.code, stdin: shared.stdin, tests: shared.tests ?? [] },
      `the shared run “${shared.title ?? firstCodeLine(shared.code)}”`,
    );
    navigate("/");
  };
  const revoke = async (shared: SharedRun) => {
    if (!shared.jobId) return;
    setRevokeError(null);
    try {
      await revokeShare(shared.jobId);
      setRevoked(true);
      client.removeQueries({ queryKey: jobKeys.shared(token) });
      void client.invalidateQueries({ queryKey: jobKeys.list() });
      void client.invalidateQueries({ queryKey: jobKeys.detail(shared.jobId) });
    } catch (e) {
      setRevokeError(e instanceof Error ? e.message : String(e));
    }
  };

  const back = (
    <a
      className="button small ghost"
      href="/"
      onClick={(event) => {
        event.preventDefault();
        navigate("/");
      }}
    >
      ← My editor
    </a>
  );

  if (revoked || (error instanceof ApiError && error.status === 404)) {
    return (
      <main className="shared-page" id="main" data-testid="shared-page">
        <div className="panel shared-missing" data-testid="shared-missing">
          <h1 className="shared-title">{revoked ? "Link revoked" : "This shared run is not available"}</h1>
          <p>
            {revoked
              ? "The link no longer opens this run, for anyone. Share the run again to make a new link."
              : "The link is wrong, was revoked by its owner, or the run was deleted or has expired (runs are kept for 7 days)."}
          </p>
          {back}
        </div>
      </main>
    );
  }
  if (error || isPending || !run) {
    return (
      <main className="shared-page centered muted" id="main" data-testid="shared-page">
        {error ? (
          <p className="form-error" role="alert">
            {error.message}
          </p>
        ) : (
          "Loading the shared run…"
        )}
      </main>
    );
  }

  const job = asJob(run);
  const name = run.title ?? firstCodeLine(run.code);
  const result = run.result;
  return (
    <main className="shared-page" id="main" data-testid="shared-page">
      <div className="shared-head">
        <div>
          <h1 className="shared-title" data-testid="shared-title">
            {name}
          </h1>
          <p className="muted small">
            {run.owned ? "Your run, shared by link" : "A run shared with you"} ·{" "}
            <time dateTime={new Date(run.createdAt).toISOString()}>{exact.format(run.createdAt)}</time> · read-only
          </p>
        </div>
        <div className="shared-actions">
          <button
            type="button"
            className="button primary"
            onClick={() => copyToEditor(run)}
            data-testid="shared-copy-to-editor"
          >
            Copy to my editor
          </button>
          {run.owned && (
            <button
              type="button"
              className="button danger"
              onClick={() => void revoke(run)}
              data-testid="shared-revoke"
            >
              Revoke link
            </button>
          )}
          {back}
        </div>
        {revokeError && (
          <p className="form-error" role="alert">
            {revokeError}
          </p>
        )}
      </div>
      <div className="shared-body">
        <section className="panel shared-section" aria-labelledby="shared-code">
          <div className="panel-head">
            <h2 className="panel-title" id="shared-code">
              Code
            </h2>
            <CopyButton text={run.code} label="the code" />
          </div>
          <pre
            className="shared-code"
            data-testid="shared-code"
            tabIndex={0}
            role="region"
            aria-labelledby="shared-code"
          >
            {run.code}
          </pre>
        </section>
        <div className="shared-side">
          <section className="panel shared-section" aria-labelledby="shared-input">
            <div className="panel-head">
              <h2 className="panel-title" id="shared-input">
                {run.tests && run.tests.length > 0 ? `Tests (${run.tests.length})` : "Input (stdin)"}
              </h2>
            </div>
            {run.tests && run.tests.length > 0 ? (
              <ol className="shared-tests" data-testid="shared-tests">
                {run.tests.map((test, index) => (
                  <li key={index}>
                    <span className="field-label">input</span>
                    <pre>{showValue(test.stdin)}</pre>
                    <span className="field-label">expected</span>
                    <pre>{showValue(test.expected)}</pre>
                  </li>
                ))}
              </ol>
            ) : (
              <pre className="shared-stdin" data-testid="shared-stdin">
                {run.stdin || "(no input)"}
              </pre>
            )}
          </section>
          <section className="panel shared-section" aria-labelledby="shared-result">
            <div className="panel-head">
              <h2 className="panel-title" id="shared-result">
                Result
              </h2>
            </div>
            <div className="streams" data-testid="shared-result">
              <RunHeadline job={job} shareable={false} />
              {result?.tests && result.tests.length > 0 && <TestResults result={result} limits={run.limits} />}
              {result && result.stdout !== "" && (
                <div className="stream stdout">
                  <div className="stream-label">stdout</div>
                  <pre data-testid="shared-stdout">
                    <AnsiText text={result.stdout} />
                  </pre>
                </div>
              )}
              {result && result.stderr !== "" && (
                <div className="stream stderr">
                  <div className="stream-label">stderr</div>
                  <pre data-testid="shared-stderr">
                    <AnsiText text={result.stderr} />
                  </pre>
                </div>
              )}
            </div>
          </section>
        </div>
      </div>
    </main>
  );
}
