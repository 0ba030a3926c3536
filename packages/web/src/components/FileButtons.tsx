import { useRef, useState } from "react";
import { formatBytes } from "../lib/format";
import { useEditorStore } from "../store/editor";

/** A name a browser will save: the file's own name if the code came from one, else main.py. */
export function downloadName(name: string | null): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a file name must not hold
  const base = (name ?? "").replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim();
  if (!base) return "main.py";
  return /\.(py|txt)$/i.test(base) ? base : `${base}.py`;
}

/**
 * Open a .py (or .txt) file from disk into the editor, and download the code as a file. Opening goes
 * through the same replace-with-undo as an example: the unsaved draft is one click away.
 */
export function FileButtons({
  fileName,
  onFileName,
}: {
  fileName: string | null;
  onFileName: (name: string | null) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);

  const open = async (file: File) => {
    setMessage(null);
    // The API's own limit; imported when used, since core's execution module brings zod (~28 KB gzip)
    // that the first page does not need.
    const { MAX_CODE_BYTES } = await import("@code-remote/core/execution");
    if (file.size > MAX_CODE_BYTES) {
      setMessage(
        `${file.name} is ${formatBytes(file.size)}: code can be at most ${formatBytes(MAX_CODE_BYTES)}. Nothing was opened.`,
      );
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      setMessage(`${file.name} could not be read. Nothing was opened.`);
      return;
    }
    if (new TextEncoder().encode(text).length > MAX_CODE_BYTES) {
      setMessage(`${file.name} is more than ${formatBytes(MAX_CODE_BYTES)} of code. Nothing was opened.`);
      return;
    }
    if (text.includes("\u0000")) {
      setMessage(`${file.name} is not a text file. Nothing was opened.`);
      return;
    }
    const { stdin, tests, replace } = useEditorStore.getState();
    // Only the code comes from the file: the input and the test cases stay.
    replace({ code: text.replace(/\r\n?/g, "\n"), stdin, tests }, file.name);
    onFileName(file.name);
  };

  const download = () => {
    const code = useEditorStore.getState().code;
    const url = URL.createObjectURL(new Blob([code], { type: "text/x-python;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = downloadName(fileName);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".py,.txt,text/x-python,text/plain"
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="open-file-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) void open(file);
        }}
      />
      <button
        type="button"
        className="button small"
        onClick={() => input.current?.click()}
        data-testid="open-file"
        title="Open a .py file from your computer"
      >
        Open .py
      </button>
      <button
        type="button"
        className="button small"
        onClick={download}
        data-testid="download-code"
        title={`Save the code as ${downloadName(fileName)}`}
      >
        Download code
      </button>
      {message && (
        <p className="file-message" role="alert" data-testid="file-message">
          {message}
        </p>
      )}
    </>
  );
}
