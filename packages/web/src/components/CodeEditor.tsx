import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import "../monaco";
import { useAnalysisStore } from "../store/analysis";
import { useEditorStore } from "../store/editor";

type MonacoEditor = Parameters<OnMount>[0];

const FONT = 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/** Monaco with Python highlighting; Ctrl/Cmd+Enter runs even while the editor has focus. */
export default function CodeEditor({ onRun }: { onRun: () => void }) {
  const setCode = useEditorStore((state) => state.setCode);
  // The command is registered once at mount; the ref keeps it calling the latest onRun.
  const runRef = useRef(onRun);
  useEffect(() => {
    runRef.current = onRun;
  }, [onRun]);

  const [editor, setEditor] = useState<MonacoEditor | null>(null);
  const onMount: OnMount = (editor, monaco) => {
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current());
    editor.focus();
    setEditor(editor);
  };

  // The analysis' dominant lines, highlighted while the code is the code that was analysed.
  const lines = useAnalysisStore((state) => state.result?.analysis.lines);
  const analyzedCode = useAnalysisStore((state) => state.code);
  const code = useEditorStore((state) => state.code);
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

  return (
    <div className="editor" data-testid="editor">
      <Editor
        // Uncontrolled: the store follows the editor, so typing never fights a re-render.
        defaultValue={useEditorStore.getState().code}
        defaultLanguage="python"
        theme="vs-dark"
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
          ariaLabel: "Python code",
        }}
      />
    </div>
  );
}
