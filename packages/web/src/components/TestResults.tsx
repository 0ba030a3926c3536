import type { Job, Result } from "../api/types";
import { notRunReason, testFailure } from "../lib/headline";
import { showValue } from "../lib/tests";

/** The pass/fail table of a run with test cases (the headline above it says how many failed). */
export function TestResults({ result, limits }: { result: Result; limits: Job["limits"] }) {
  const tests = result.tests ?? [];
  const passed = tests.filter((test) => test.passed).length;
  return (
    <div className="test-results" data-testid="test-results">
      <table data-testid="test-summary" data-passed={passed} data-failed={tests.length - passed}>
        <caption className="sr-only">
          Test results: {passed} of {tests.length} passed
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">result</th>
            <th scope="col">input</th>
            <th scope="col">expected</th>
            <th scope="col">actual</th>
          </tr>
        </thead>
        <tbody>
          {tests.map((test, index) => (
            <tr
              key={index}
              className={test.passed ? "pass" : "fail"}
              data-testid="test-result"
              data-passed={test.passed}
            >
              <td>{index + 1}</td>
              <td>
                <span
                  className={`badge ${test.passed ? "tone-ok" : test.verdict === undefined ? "tone-neutral" : "tone-error"}`}
                >
                  {test.passed ? "✓ pass" : test.verdict === undefined ? "– not run" : "✗ fail"}
                </span>
                {!test.passed && (
                  <div className="muted reason">
                    {test.verdict === undefined ? notRunReason(test) : testFailure(test, result, limits)}
                  </div>
                )}
              </td>
              <td>
                <pre>{showValue(test.stdin)}</pre>
              </td>
              <td>
                <pre>{showValue(test.expected)}</pre>
              </td>
              <td>
                <pre>{test.verdict === undefined ? "" : showValue(test.actual)}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
