import type { Result } from "../api/types";
import { failureReason, showValue, summarizeTests } from "../lib/tests";

/** The pass/fail table of a run with test cases. */
export function TestResults({ tests }: { tests: NonNullable<Result["tests"]> }) {
  const summary = summarizeTests(tests);
  return (
    <div className="test-results" data-testid="test-results">
      <div className={`test-summary ${summary.status}`} data-testid="test-summary" data-passed={summary.passed} data-failed={summary.failed}>
        Tests: {summary.label}
      </div>
      <table>
        <caption className="sr-only">Test results</caption>
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
            <tr key={index} className={test.passed ? "pass" : "fail"} data-testid="test-result" data-passed={test.passed}>
              <td>{index + 1}</td>
              <td>
                <span className={`badge ${test.passed ? "verdict-ok" : "verdict-runtime_error"}`}>
                  {test.passed ? "✓ pass" : "✗ fail"}
                </span>
                {!test.passed && <div className="muted reason">{failureReason(test)}</div>}
              </td>
              <td>
                <pre>{showValue(test.stdin)}</pre>
              </td>
              <td>
                <pre>{showValue(test.expected)}</pre>
              </td>
              <td>
                <pre>{showValue(test.actual)}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
