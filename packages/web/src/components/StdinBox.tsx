import { useEditorStore } from "../store/editor";

export function StdinBox() {
  const stdin = useEditorStore((state) => state.stdin);
  const setStdin = useEditorStore((state) => state.setStdin);
  return (
    <label className="stdin">
      <span className="sr-only">Input (stdin)</span>
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
