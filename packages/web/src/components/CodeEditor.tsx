import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef } from "react";
import "../monaco";
import { useEditorStore } from "../store/editor";

const FONT = 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/** Monaco with Python highlighting; Ctrl/Cmd+Enter runs even while the editor has focus. */
export default function CodeEditor({ onRun }: { onRun: () => void }) {
  const setCode = useEditorStore((state) => state.setCode);
  // The command is registered once at mount; the ref keeps it calling the latest onRun.
  const runRef = useRef(onRun);
  useEffect(() => {
    runRef.current = onRun;
  }, [onRun]);

  const onMount: OnMount = (editor, monaco) => {
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current());
    editor.focus();
  };

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
