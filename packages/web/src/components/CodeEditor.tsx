import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import "../monaco";
import { useColorScheme } from "../hooks/useColorScheme";
import { NARROW, useMediaQuery } from "../hooks/useMediaQuery";
import { focusOutside } from "../lib/focus";
import { useAnalysisStore } from "../store/analysis";
import { useEditorStore } from "../store/editor";

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

/** Monaco with Python highlighting; Ctrl/Cmd+Enter runs even while the editor has focus. */
export default function CodeEditor({ onRun, errorMark }: { onRun: () => void; errorMark: ErrorMark | null }) {
  const setCode = useEditorStore((state) => state.setCode);
  const scheme = useColorScheme();
  // On a phone every column counts: wrap long lines, a slimmer gutter, no folding arrows.
  const narrow = useMediaQuery(NARROW);
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
      { severity: monaco.MarkerSeverity.Error, message, startLineNumber: line, startColumn, endLineNumber: line, endColumn },
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

  return (
    <div className="editor" data-testid="editor" data-error-line={mark?.line ?? ""}>
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
          fontSize: 14,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          automaticLayout: true,
          tabSize: 4,
          insertSpaces: true,
          padding: { top: 12 },
          renderLineHighlight: "line",
          glyphMargin: true,
          wordWrap: narrow ? "on" : "off",
          lineNumbersMinChars: narrow ? 2 : 4,
          lineDecorationsWidth: narrow ? 4 : 10,
          folding: !narrow,
          // The page scrolls past the editor once the editor is scrolled to its end (a phone is all page).
          scrollbar: { alwaysConsumeMouseWheel: false },
          ariaLabel: "Python code editor. Control+Enter runs. Tab indents: press Escape then Tab to move on, or Control+M to make Tab move focus.",
        }}
      />
      {/* Shown while the editor has focus, where a keyboard user needs it. */}
      <p className={focused ? "editor-hint" : "editor-hint hidden"} data-testid="editor-hint" aria-hidden="true">
        Tab indents. To leave the editor: <kbd>Esc</kbd> then <kbd>Tab</kbd>, or <kbd>Ctrl</kbd>+<kbd>M</kbd> to make Tab move focus
      </p>
    </div>
  );
}
