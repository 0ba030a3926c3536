import { lazy, Suspense } from "react";
import { useAnalyze } from "../hooks/useAnalyze";
import { useJob } from "../hooks/useJob";
import { useRunCode } from "../hooks/useRunCode";
import { useRunShortcut } from "../hooks/useRunShortcut";
import { useSessionStore } from "../store/session";
import { AnalysisPanel } from "./AnalysisPanel";
import { ErrorBoundary } from "./ErrorBoundary";
import { History } from "./History";
import { OutputPanel } from "./OutputPanel";
import { RunBar } from "./RunBar";
import { StdinBox } from "./StdinBox";

// Monaco is most of the bundle: load it only once someone is signed in, so sign-in is instant.
const CodeEditor = lazy(() => import("./CodeEditor"));

export function Workspace() {
  const currentJobId = useSessionStore((state) => state.currentJobId);
  const { run, isSubmitting, error } = useRunCode();
  const { data: job, error: jobError } = useJob(currentJobId);
  const { analyze, isAnalyzing, error: analyzeError } = useAnalyze();
  useRunShortcut(run);

  return (
    <main className="workspace">
      <section className="left">
        <ErrorBoundary what="editor">
          <Suspense fallback={<div className="editor muted editor-loading">Loading editor…</div>}>
            <CodeEditor onRun={run} />
          </Suspense>
        </ErrorBoundary>
        <StdinBox />
        <RunBar onRun={run} submitting={isSubmitting} job={job} error={error ?? jobError}>
          <button type="button" className="button analyze" onClick={analyze} disabled={isAnalyzing} data-testid="analyze">
            {isAnalyzing ? "Analyzing…" : "Analyze"}
          </button>
        </RunBar>
      </section>
      <section className="right">
        <OutputPanel job={job} />
        <AnalysisPanel error={analyzeError} analyzing={isAnalyzing} />
        <History />
      </section>
    </main>
  );
}
