import { useEditorStore } from "../store/editor";

/**
 * Optional test cases: each row is an input and the output it should print. With at least one,
 * a run checks every row and the output panel shows a pass/fail table.
 */
export function TestCasesEditor() {
  const tests = useEditorStore((state) => state.tests);
  const updateTest = useEditorStore((state) => state.updateTest);
  const removeTest = useEditorStore((state) => state.removeTest);

  return (
    <section className="tests-editor" aria-labelledby="tests-title" data-testid="tests-editor">
      <span className="sr-only" id="tests-title">
        Test cases
      </span>
      {tests.length === 0 ? (
        <p className="muted hint">
          Optional: add inputs and the output each should print, and every run checks them (a pass/fail table appears
          with the output).
        </p>
      ) : (
        <ol className="tests-rows">
          {tests.map((test, index) => (
            <li key={test.id} className="test-row" data-testid="test-row">
              <span className="test-index" aria-hidden="true">
                {index + 1}
              </span>
              <label>
                <span className="field-label">
                  <span className="sr-only">Test {index + 1} </span>Input
                </span>
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
                <span className="field-label">
                  <span className="sr-only">Test {index + 1} </span>Expected output
                </span>
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

/** Adds a row and focuses its input, so the keyboard flow is: Add → type → Tab → type. */
export function AddTestButton() {
  const addTest = useEditorStore((state) => state.addTest);
  const add = () => {
    addTest();
    requestAnimationFrame(() => {
      const inputs = document.querySelectorAll<HTMLTextAreaElement>('[data-testid="test-stdin"]');
      inputs[inputs.length - 1]?.focus();
    });
  };
  return (
    <button type="button" className="button small add-test" onClick={add} data-testid="add-test">
      + Add test case
    </button>
  );
}
