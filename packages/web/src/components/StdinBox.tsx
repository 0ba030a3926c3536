import { useEditorStore } from "../store/editor";

export function StdinBox() {
  const stdin = useEditorStore((state) => state.stdin);
  const setStdin = useEditorStore((state) => state.setStdin);
  const testCount = useEditorStore((state) => state.tests.length);
  return (
    <label className="stdin">
      <span className="sr-only">Input (stdin)</span>
      {testCount > 0 && (
        <span className="hint stdin-ignored" data-testid="stdin-ignored">
          With test cases set, each run reads its test's input: this box is not used.
        </span>
      )}
      <textarea
        value={stdin}
        onChange={(event) => setStdin(event.target.value)}
        placeholder="Text your program reads from standard input"
        spellCheck={false}
        rows={4}
        data-testid="stdin"
      />
    </label>
  );
}
