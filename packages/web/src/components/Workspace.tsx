import { type CSSProperties, lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isFinal } from "../api/types";
import { useAnalyze } from "../hooks/useAnalyze";
import { useCancelJob } from "../hooks/useCancelJob";
import { useJob } from "../hooks/useJob";
import { useJobHistory } from "../hooks/useJobHistory";
import { useOnline } from "../hooks/useOnline";
import { useRunCode } from "../hooks/useRunCode";
import { useRunShortcut } from "../hooks/useRunShortcut";
import { useTrace } from "../hooks/useTrace";
import { NARROW, useMediaQuery } from "../hooks/useMediaQuery";
import { useElementHeight, useElementWidth } from "../hooks/useElementWidth";
import { heatLines, heatSourceOf } from "../lib/trace";
import { useCommandsStore } from "../store/commands";
import { useEditorStore } from "../store/editor";
import { useSessionStore } from "../store/session";
import { SPLIT, useSettingsStore } from "../store/settings";
import { useTraceStore } from "../store/trace";
import { AnalysisPanel } from "./AnalysisPanel";
import type { ErrorMark, HeatMark } from "./CodeEditor";
import { ErrorBoundary } from "./ErrorBoundary";
import { ExamplePicker } from "./ExamplePicker";
import { FileButtons } from "./FileButtons";
import { HeatBar, HeatmapSwitch } from "./HeatBar";
import { History } from "./History";
import { InputTabs } from "./InputTabs";
import { OutputPanel } from "./OutputPanel";
import { RunBar } from "./RunBar";
import { clampSplit, MIN_BELOW_OUTPUT_PX, MIN_OUTPUT_PX, SplitHandle } from "./SplitHandle";
import { StepBar } from "./StepBar";
import { UndoToast } from "./UndoToast";

// Monaco is most of the bundle: load it only once someone is signed in, so sign-in is instant.
const CodeEditor = lazy(() => import("./CodeEditor"));

export function Workspace() {
  const currentJobId = useSessionStore((state) => state.currentJobId);
  const { run, isSubmitting, error } = useRunCode();
  const { data: job, error: jobError } = useJob(currentJobId);
  const cancel = useCancelJob();
  const { analyze, isAnalyzing, error: analyzeError } = useAnalyze();
  const online = useOnline();

  // A Run (or Trace) while the job on screen still waits or runs would queue another behind it: ask first.
  const live = job?.state === "queued" || job?.state === "running";
  const [confirmingAgain, setConfirmingAgain] = useState<false | "run" | "trace">(false);
  useEffect(() => {
    if (!live) setConfirmingAgain(false);
  }, [live]);
  const requestRun = useCallback(() => {
    if (live) setConfirmingAgain("run");
    else run("run");
  }, [live, run]);
  const requestTrace = useCallback(() => {
    if (live) setConfirmingAgain("trace");
    else run("trace");
  }, [live, run]);
  useRunShortcut(requestRun);

  // A finished trace run: its trace is fetched into the trace store (the step bar, the editor's lit
  // line and the output panel's frames read it there).
  const { isLoading: traceLoading, error: traceError } = useTrace(job);
  const trace = useTraceStore((state) => (job && state.jobId === job.jobId ? state.trace : null));
  // A run's heat map in the editor's gutter: sampled on every ordinary run, counted when the run
  // asked for it (and in a trace run).
  const heat = useMemo<HeatMark | null>(() => {
    const source = heatSourceOf(job?.result);
    return job && source ? { code: job.code, lines: heatLines(source), kind: source.kind } : null;
  }, [job]);
  const heatOn = useTraceStore((state) => state.heatmap);

  // The queue is one lane per user: a queued job with an earlier unfinished run waits for that run.
  const { data: history } = useJobHistory();
  const waitingBehind = Boolean(
    job?.state === "queued" &&
      history?.pages.some((page) =>
        page.jobs.some(
          (other) => other.jobId !== job.jobId && !isFinal(other.state) && other.createdAt < job.createdAt,
        ),
      ),
  );

  // The Python error of the run on screen, for the editor to mark on its line.
  const pythonError = job?.result?.error;
  const errorMark = useMemo<ErrorMark | null>(
    () =>
      job && pythonError && pythonError.line !== null
        ? { line: pythonError.line, message: `${pythonError.type}: ${pythonError.message}`, code: job.code }
        : null,
    [job, pythonError],
  );
  // A 409 on cancel means the job got there first: its final state shows, no error needed.
  const cancelError =
    cancel.error && cancel.variables === job?.jobId && !("status" in cancel.error && cancel.error.status === 409)
      ? cancel.error
      : null;

  // The code and results columns: resizable (the handle between them) on a wide screen, their
  // split kept per account; stacked, with no handle, on a narrow one.
  const narrow = useMediaQuery(NARROW);
  const main = useRef<HTMLElement | null>(null);
  const [mainElement, setMainElement] = useState<HTMLElement | null>(null);
  const width = useElementWidth(mainElement, 0);
  const split = useSettingsStore((state) => state.split);
  const setSettings = useSettingsStore((state) => state.set);
  const shown = width ? clampSplit(split, width) : split;
  const columns = narrow ? undefined : { gridTemplateColumns: `minmax(0, ${shown}fr) auto minmax(0, ${1 - shown}fr)` };
  // The results column's panes: the output above a handle, the complexity and the history below it.
  const results = useRef<HTMLElement | null>(null);
  const [resultsElement, setResultsElement] = useState<HTMLElement | null>(null);
  const resultsHeight = useElementHeight(resultsElement, 0);
  const outputSplit = useSettingsStore((state) => state.outputSplit);
  const outputMin = [MIN_OUTPUT_PX, MIN_BELOW_OUTPUT_PX] as const;
  const outputShown = resultsHeight ? clampSplit(outputSplit, resultsHeight, outputMin) : outputSplit;
  const rows = narrow ? undefined : ({ "--output-share": outputShown } as CSSProperties);

  // The file the code came from (Open .py): its name heads the editor and names the download.
  const [fileName, setFileName] = useState<string | null>(null);
  const revision = useEditorStore((state) => state.revision);
  const openedAt = useRef<number | null>(null);
  useEffect(() => {
    // Anything else that replaces the code (an example, a past run, an undo) is not that file any more.
    if (openedAt.current !== null && revision !== openedAt.current) {
      openedAt.current = null;
      setFileName(null);
    }
  }, [revision]);
  const requestFormat = useCommandsStore((state) => state.requestFormat);
  const formatting = useCommandsStore((state) => state.formatting);
  const formatNote = useCommandsStore((state) => state.note);
  const setFormatNote = useCommandsStore((state) => state.setNote);

  return (
    <main
      className={narrow ? "workspace" : "workspace split"}
      id="main"
      ref={(element) => {
        main.current = element;
        setMainElement(element);
      }}
      style={columns}
    >
      <section className="left" id="code-pane" aria-label="Code">
        <div className="toolbar">
          <h2 className="panel-title" data-testid="file-name">
            {fileName ?? "main.py"}
          </h2>
          <HeatmapSwitch />
          <div className="file-actions">
            <button
              type="button"
              className="button small"
              onClick={requestFormat}
              disabled={formatting}
              data-testid="format"
              aria-keyshortcuts="Shift+Alt+F"
              title="Format the code with Ruff (Shift+Alt+F)"
            >
              {formatting ? "Formatting…" : "Format"}
            </button>
            <FileButtons
              fileName={fileName}
              onFileName={(name) => {
                setFileName(name);
                openedAt.current = useEditorStore.getState().revision;
              }}
            />
          </div>
          <ExamplePicker />
        </div>
        <div className="format-region" role="status">
          {formatNote && (
            <p className={`format-note ${formatNote.kind}`} data-testid="format-note">
              <span>{formatNote.text}</span>
              <button
                type="button"
                className="button ghost icon"
                onClick={() => setFormatNote(null)}
                aria-label="Dismiss"
              >
                ×
              </button>
            </p>
          )}
        </div>
        <UndoToast />
        <ErrorBoundary what="editor">
          <Suspense fallback={<div className="editor muted editor-loading">Loading editor…</div>}>
            <CodeEditor onRun={requestRun} errorMark={errorMark} heat={heat} />
          </Suspense>
        </ErrorBoundary>
        {trace && <StepBar trace={trace} />}
        {heat && heatOn && <HeatBar heat={heat} />}
        <InputTabs />
        <RunBar
          onRun={requestRun}
          confirmingAgain={confirmingAgain !== false}
          onConfirmAgain={(queue) => {
            setConfirmingAgain(false);
            if (queue && confirmingAgain) run(confirmingAgain);
          }}
          waitingBehind={waitingBehind}
          offline={!online}
          onCancel={() => job && cancel.mutate(job.jobId)}
          submitting={isSubmitting}
          cancelling={cancel.isPending}
          job={job}
          error={error ?? jobError ?? cancelError}
        >
          <button
            type="button"
            className="button trace"
            onClick={requestTrace}
            disabled={isSubmitting}
            data-testid="trace"
            title="Run under the tracer and step through it line by line (stdin is used, test cases are not)"
          >
            Trace
          </button>
          <button
            type="button"
            className="button analyze"
            onClick={analyze}
            disabled={isAnalyzing}
            data-testid="analyze"
          >
            {isAnalyzing ? "Analyzing…" : "Analyze"}
          </button>
        </RunBar>
      </section>
      {!narrow && (
        <SplitHandle
          container={main}
          split={shown}
          reset={SPLIT.default}
          onChange={(next) => setSettings({ split: next })}
        />
      )}
      <section
        className={narrow ? "right" : "right sized"}
        id="results-pane"
        aria-label="Results"
        style={rows}
        ref={(element) => {
          results.current = element;
          setResultsElement(element);
        }}
      >
        <OutputPanel job={job} traceLoading={traceLoading} traceError={traceError} />
        {!narrow && (
          <SplitHandle
            container={results}
            split={outputShown}
            reset={SPLIT.output}
            onChange={(next) => setSettings({ outputSplit: next })}
            orientation="horizontal"
            label="Resize the output and the panes below it"
            controls="output-panel analysis-panel history-panel"
            names={["Output", "complexity and history"]}
            min={outputMin}
            testId="output-split-handle"
          />
        )}
        <AnalysisPanel error={analyzeError} analyzing={isAnalyzing} />
        <History />
      </section>
    </main>
  );
}
