import { useEditorStore } from "../store/editor";

/** After an example or a past run replaced the draft: what happened, and the way back. */
export function UndoToast() {
  const replaced = useEditorStore((state) => state.replaced);
  const undo = useEditorStore((state) => state.undoReplace);
  const dismiss = useEditorStore((state) => state.dismissReplaced);
  return (
    <div className="toast-region" role="status">
      {replaced && (
        <div className="toast" data-testid="undo-toast">
          <span>Loaded {replaced.what}; your previous code, input and tests were replaced.</span>
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
