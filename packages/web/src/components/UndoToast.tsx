import { useEditorStore } from "../store/editor";

/** After an example or a past run replaced the draft: what happened, and the way back. */
export function UndoToast() {
  const replaced = useEditorStore((state) => state.replaced);
  const undo = useEditorStore((state) => state.undoReplace);
  const dismiss = useEditorStore((state) => state.dismissReplaced);
  // Say only what was replaced: opening a file replaces the code and keeps the input and tests.
  const parts = useEditorStore((state) => {
    const previous = state.replaced?.previous;
    if (!previous) return "";
    const changed = [
      previous.code !== state.code && "code",
      previous.stdin !== state.stdin && "input",
      (previous.tests.length !== state.tests.length ||
        previous.tests.some(
          (test, i) => test.stdin !== state.tests[i]?.stdin || test.expected !== state.tests[i]?.expected,
        )) &&
        "tests",
    ].filter((part): part is string => Boolean(part));
    if (changed.length <= 1) return changed[0] ?? "code";
    return `${changed.slice(0, -1).join(", ")} and ${changed.at(-1)}`;
  });
  return (
    <div className="toast-region" role="status">
      {replaced && (
        <div className="toast" data-testid="undo-toast">
          <span>
            Loaded {replaced.what}; your previous {parts} {parts.includes(" and ") ? "were" : "was"} replaced.
          </span>
          <button type="button" className="button small" onClick={undo} data-testid="undo-replace">
            Undo
          </button>
          <button type="button" className="button ghost icon" onClick={dismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
