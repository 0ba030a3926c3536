import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useMemo, useRef, useState } from "react";
import "../monaco";
import { useColorScheme } from "../hooks/useColorScheme";
import { NARROW, useMediaQuery } from "../hooks/useMediaQuery";
import { focusOutside } from "../lib/focus";
import { formatPython } from "../lib/python-format";
import { type HeatLine, type HeatSource, stepLines } from "../lib/trace";
import { useAnalysisStore } from "../store/analysis";
import { useCommandsStore } from "../store/commands";
import { useEditorStore } from "../store/editor";
import { useSettingsStore } from "../store/settings";
import { useTraceStore } from "../store/trace";

type MonacoEditor = Parameters<OnMount>[0];
type Monaco = Parameters<OnMount>[1];

const FONT = 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/** A Python error to mark: the line of the user's code and what went wrong there. */
export interface ErrorMark {
  line: number;
  message: string;
  /** The code the error is about: the mark shows only while the editor holds exactly this code. */
  code: string;
}

/** The heat map of a run: each line's level and numbers, for the code that ran, and how they were collected. */
export interface HeatMark {
  code: string;
  lines: HeatLine[];
  kind: HeatSource["kind"];
}

/** Monaco with Python highlighting; Ctrl/Cmd+Enter runs even while the editor has focus. */
export default function CodeEditor({
  onRun,
  errorMark,
  heat,
}: {
  onRun: () => void;
  errorMark: ErrorMark | null;
  heat?: HeatMark | null;
}) {
  const setCode = useEditorStore((state) => state.setCode);
  const scheme = useColorScheme();
  // On a phone every column counts: wrap long lines, a slimmer gutter, no folding arrows.
  const narrow = useMediaQuery(NARROW);
  // The account's settings (the header's Settings dialog); word wrap unset follows the screen.
  const fontSize = useSettingsStore((state) => state.fontSize);
  const wrapSetting = useSettingsStore((state) => state.wordWrap);
  const wrap = wrapSetting ?? narrow;
  // The command is registered once at mount; the ref keeps it calling the latest onRun.
  const runRef = useRef(onRun);
  useEffect(() => {
    runRef.current = onRun;
  }, [onRun]);

  const [editor, setEditor] = useState<MonacoEditor | null>(null);
  const [focused, setFocused] = useState(false);
  const [monaco, setMonaco] = useState<Monaco | null>(null);
  const onMount: OnMount = (editor, monaco) => {
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current());
    // Shift+Alt+F formats, as in VS Code (the toolbar's Format button does the same).
    editor.addCommand(monaco.KeyMod.Shift | monaco.KeyMod.Alt | monaco.KeyCode.KeyF, () =>
      useCommandsStore.getState().requestFormat(),
    );
    // Tab indents inside the editor; Esc then Tab (or Shift+Tab) leaves it, as the hint below says.
    let escaped = false;
    editor.onKeyDown((event) => {
      if (event.keyCode === monaco.KeyCode.Escape) {
        escaped = true;
        return;
      }
      if (event.keyCode === monaco.KeyCode.Tab && escaped && !event.ctrlKey && !event.altKey && !event.metaKey) {
        const container = editor.getContainerDomNode().closest(".editor");
        if (container && focusOutside(container, event.shiftKey ? "previous" : "next")) {
          event.preventDefault();
          event.stopPropagation();
        }
      }
      escaped = false;
    });
    editor.onDidFocusEditorText(() => setFocused(true));
    editor.onDidBlurEditorText(() => setFocused(false));
    // A touch screen would open its keyboard over the page: there the user taps the editor first.
    if (!window.matchMedia("(pointer: coarse)").matches) editor.focus();
    setEditor(editor);
    setMonaco(monaco);
  };

  // Code from outside (an example, a past run) replaces the text as one undoable edit.
  const revision = useEditorStore((state) => state.revision);
  const seenRevision = useRef(revision);
  useEffect(() => {
    if (!editor || revision === seenRevision.current) return;
    seenRevision.current = revision;
    const model = editor.getModel();
    const next = useEditorStore.getState().code;
    if (!model || model.getValue() === next) return;
    editor.pushUndoStop();
    editor.executeEdits("load", [{ range: model.getFullModelRange(), text: next }]);
    editor.pushUndoStop();
    editor.setPosition({ lineNumber: 1, column: 1 });
    editor.revealLine(1);
  }, [editor, revision]);

  // Format on demand: Ruff (WebAssembly, in the browser) rewrites the whole text as one undoable
  // edit; a syntax error leaves the code as it is and says where.
  const formatRequest = useCommandsStore((state) => state.formatRequest);
  const seenFormat = useRef(formatRequest);
  useEffect(() => {
    if (!editor || !monaco || formatRequest === seenFormat.current) return;
    seenFormat.current = formatRequest;
    const model = editor.getModel();
    if (!model) return;
    const before = model.getValue();
    const versionBefore = model.getAlternativeVersionId();
    const { setFormatting, setNote } = useCommandsStore.getState();
    setFormatting(true);
    void formatPython(before).then((outcome) => {
      setFormatting(false);
      if (!outcome.ok) {
        setNote({ kind: "error", text: `Cannot format: ${outcome.message}. Your code was not changed.` });
        if (outcome.line !== null) editor.revealLineInCenterIfOutsideViewport(outcome.line);
        return;
      }
      // Typed-in changes while the formatter ran win: formatting an old text would undo them.
      if (model.getAlternativeVersionId() !== versionBefore) return setNote(null);
      if (outcome.code === before) return setNote({ kind: "ok", text: "Already formatted." });
      const position = editor.getPosition();
      editor.pushUndoStop();
      editor.executeEdits("format", [{ range: model.getFullModelRange(), text: outcome.code }]);
      editor.pushUndoStop();
      if (position) editor.setPosition({ lineNumber: Math.min(position.lineNumber, model.getLineCount()), column: 1 });
      setNote({ kind: "ok", text: "Formatted. Ctrl+Z undoes it." });
    });
  }, [editor, monaco, formatRequest]);

  const code = useEditorStore((state) => state.code);

  // The analysis' dominant lines, highlighted while the code is the code that was analysed.
  const lines = useAnalysisStore((state) => state.result?.analysis.lines);
  const analyzedCode = useAnalysisStore((state) => state.code);
  const current = analyzedCode !== null && analyzedCode === code;
  useEffect(() => {
    if (!editor) return;
    const lineCount = editor.getModel()?.getLineCount() ?? 0;
    const collection = editor.createDecorationsCollection(
      (current ? (lines ?? []) : [])
        .filter((line) => line >= 1 && line <= lineCount)
        .map((line) => ({
          range: { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: 1 },
          options: {
            isWholeLine: true,
            className: "dominant-line",
            linesDecorationsClassName: "dominant-line-glyph",
            hoverMessage: { value: "Dominates the running time (analysis)" },
          },
        })),
    );
    return () => collection.clear();
  }, [editor, lines, current]);

  // The line of the last run's Python error: a red line background, a glyph in the margin, the
  // message written after the line's code (no hover needed: Monaco's hover would add 80 KB gzip),
  // and a marker (the squiggle) under the code itself.
  const mark = errorMark && errorMark.code === code ? errorMark : null;
  const markLine = mark?.line ?? 0;
  const markMessage = mark?.message ?? "";
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !monaco || !model || markLine < 1 || markLine > model.getLineCount()) return;
    const line = markLine;
    const message = markMessage;
    const startColumn = model.getLineFirstNonWhitespaceColumn(line) || 1;
    const endColumn = model.getLineMaxColumn(line);
    monaco.editor.setModelMarkers(model, "run", [
      {
        severity: monaco.MarkerSeverity.Error,
        message,
        startLineNumber: line,
        startColumn,
        endLineNumber: line,
        endColumn,
      },
    ]);
    const collection = editor.createDecorationsCollection([
      {
        range: { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: 1 },
        options: {
          isWholeLine: true,
          className: "error-line",
          glyphMarginClassName: "error-glyph",
        },
      },
      {
        range: { startLineNumber: line, startColumn, endLineNumber: line, endColumn },
        options: { showIfCollapsed: true, after: { content: `  ← ${message}`, inlineClassName: "error-inline" } },
      },
    ]);
    editor.revealLineInCenterIfOutsideViewport(line);
    return () => {
      collection.clear();
      monaco.editor.setModelMarkers(model, "run", []);
    };
  }, [editor, monaco, markLine, markMessage]);

  // A trace run's step: the line about to run lit, the line that ran just before in another tint (an
  // exception step in the error colour), while the editor holds the code that was traced.
  // (Primitives or stable references only: a selector returning a new object would loop.)
  const stepTrace = useTraceStore((state) => (state.code === code ? state.trace : null));
  const stepIndex = useTraceStore((state) => state.index);
  const traced = useMemo(() => (stepTrace ? stepLines(stepTrace, stepIndex) : null), [stepTrace, stepIndex]);
  const currentLine = traced?.current ?? 0;
  const previousLine = traced?.previous ?? 0;
  const exceptionStep = traced?.exception ?? false;
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model || currentLine < 1) return;
    const lineCount = model.getLineCount();
    const whole = (line: number, className: string, margin: string) => ({
      range: { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: 1 },
      options: { isWholeLine: true, className, glyphMarginClassName: margin },
    });
    const decorations = [];
    if (previousLine >= 1 && previousLine <= lineCount)
      decorations.push(whole(previousLine, "trace-previous", "trace-previous-glyph"));
    if (currentLine <= lineCount) {
      decorations.push(
        whole(
          currentLine,
          exceptionStep ? "trace-current trace-exception" : "trace-current",
          exceptionStep ? "trace-exception-glyph" : "trace-current-glyph",
        ),
      );
    }
    const collection = editor.createDecorationsCollection(decorations);
    if (currentLine <= lineCount) editor.revealLineInCenterIfOutsideViewport(currentLine);
    return () => collection.clear();
  }, [editor, currentLine, previousLine, exceptionStep]);

  // The heat map: a colour bar in the gutter per profiled line; its numbers in a tooltip of our own
  // on hover (Monaco's hover feature is not in the bundle) and in the bar under the editor.
  const heatOn = useTraceStore((state) => state.heatmap);
  const heatLines = heat && heatOn && heat.code === code ? heat.lines : null;
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model || !heatLines) return;
    const lineCount = model.getLineCount();
    const collection = editor.createDecorationsCollection(
      heatLines
        .filter((h) => h.line <= lineCount)
        .map((h) => ({
          range: { startLineNumber: h.line, startColumn: 1, endLineNumber: h.line, endColumn: 1 },
          options: {
            isWholeLine: true,
            linesDecorationsClassName: `heat-gutter heat-${h.level}`,
            className: `heat-line heat-line-${h.level}`,
          },
        })),
    );
    return () => collection.clear();
  }, [editor, heatLines]);
  const [tip, setTip] = useState<{ text: string; top: number } | null>(null);
  useEffect(() => {
    if (!editor || !monaco || !heatLines) {
      setTip(null);
      return;
    }
    const byLine = new Map(heatLines.map((h) => [h.line, h]));
    const gutter = new Set([
      monaco.editor.MouseTargetType.GUTTER_LINE_DECORATIONS,
      monaco.editor.MouseTargetType.GUTTER_LINE_NUMBERS,
      monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN,
    ]);
    const move = editor.onMouseMove((event) => {
      const line = event.target.position?.lineNumber;
      const h = line !== undefined && gutter.has(event.target.type) ? byLine.get(line) : undefined;
      if (!h) return setTip(null);
      const top =
        editor.getTopForLineNumber(h.line) -
        editor.getScrollTop() +
        editor.getOption(monaco.editor.EditorOption.lineHeight) +
        2;
      setTip({ text: h.title, top });
    });
    const leave = editor.onMouseLeave(() => setTip(null));
    return () => {
      move.dispose();
      leave.dispose();
    };
  }, [editor, monaco, heatLines]);

  return (
    <div
      className="editor"
      data-testid="editor"
      data-error-line={mark?.line ?? ""}
      data-trace-line={traced?.current ?? ""}
      data-trace-previous={traced?.previous ?? ""}
      data-heat-lines={heatLines?.length ?? 0}
      data-theme={scheme}
      data-font-size={fontSize}
      data-word-wrap={wrap ? "on" : "off"}
    >
      {tip && (
        <div className="heat-tip" role="tooltip" style={{ top: tip.top }} data-testid="heat-tip">
          {tip.text}
        </div>
      )}
      <Editor
        // Uncontrolled: the store follows the editor, so typing never fights a re-render.
        defaultValue={useEditorStore.getState().code}
        defaultLanguage="python"
        theme={scheme === "light" ? "vs" : "vs-dark"}
        onChange={(value) => setCode(value ?? "")}
        onMount={onMount}
        loading={<div className="muted editor-loading">Loading editor…</div>}
        options={{
          fontFamily: FONT,
          fontSize,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          automaticLayout: true,
          tabSize: 4,
          insertSpaces: true,
          padding: { top: 12 },
          renderLineHighlight: "line",
          glyphMargin: true,
          wordWrap: wrap ? "on" : "off",
          lineNumbersMinChars: narrow ? 2 : 4,
          lineDecorationsWidth: narrow ? 4 : 10,
          folding: !narrow,
          // The page scrolls past the editor once the editor is scrolled to its end (a phone is all page).
          scrollbar: { alwaysConsumeMouseWheel: false },
          ariaLabel:
            "Python code editor. Control+Enter runs. Tab indents: press Escape then Tab to move on, or Control+M to make Tab move focus.",
        }}
      />
      {/* Shown while the editor has focus, where a keyboard user needs it. */}
      <p className={focused ? "editor-hint" : "editor-hint hidden"} data-testid="editor-hint" aria-hidden="true">
        Tab indents. To leave the editor: <kbd>Esc</kbd> then <kbd>Tab</kbd>, or <kbd>Ctrl</kbd>+<kbd>M</kbd> to make
        Tab move focus
      </p>
    </div>
  );
}
