import { useEditorStore } from "../store/editor";

/**
 * Optional test cases: each row is an input and the output it should print. With at least one,
 * a run checks every row and the output panel shows a pass/fail table.
 */
export function TestCasesEditor() {
  const tests = useEditorStore((state) => state.tests);
  const addTest = useEditorStore((state) => state.addTest);
  const updateTest = useEditorStore((state) => state.updateTest);
  const removeTest = useEditorStore((state) => state.removeTest);

  const add = () => {
    addTest();
    // Focus the new row's input, so the keyboard flow is: Add → type → Tab → type.
    requestAnimationFrame(() => {
      const inputs = document.querySelectorAll<HTMLTextAreaElement>('[data-testid="test-stdin"]');
      inputs[inputs.length - 1]?.focus();
    });
  };

  return (
    <section className="tests-editor" aria-labelledby="tests-title" data-testid="tests-editor">
      <div className="tests-head">
        <span className="sr-only" id="tests-title">
          Test cases
        </span>
        <button type="button" className="button small" onClick={add} data-testid="add-test">
          + Add test case
        </button>
      </div>
      {tests.length === 0 ? (
        <p className="muted hint">Optional: give inputs and the output each should print, and every run checks them.</p>
      ) : (
        <ol className="tests-rows">
          {tests.map((test, index) => (
            <li key={test.id} className="test-row" data-testid="test-row">
              <span className="test-index" aria-hidden="true">
                {index + 1}
              </span>
              <label>
                <span className="sr-only">Test {index + 1} input</span>
                <textarea
                  value={test.stdin}
                  onChange={(event) => updateTest(test.id, { stdin: event.target.value })}
                  placeholder="input"
                  rows={2}
                  spellCheck={false}
                  data-testid="test-stdin"
                />
              </label>
              <label>
                <span className="sr-only">Test {index + 1} expected output</span>
                <textarea
                  value={test.expected}
                  onChange={(event) => updateTest(test.id, { expected: event.target.value })}
                  placeholder="expected output"
                  rows={2}
                  spellCheck={false}
                  data-testid="test-expected"
                />
              </label>
              <button
                type="button"
                className="button ghost icon"
                onClick={() => removeTest(test.id)}
                aria-label={`Remove test ${index + 1}`}
                title="Remove"
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
