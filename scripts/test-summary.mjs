// Sums vitest's JSON reports into the one plain closing line CI reads: "tests: N passed, N failed".
// Above it, each failure is named with the start of its message: CI shows only the tail of the log.
// Exits non-zero when a report is missing, a test failed, or no test ran at all.
import { readFileSync } from "node:fs";
import { relative } from "node:path";

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const reportFile of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults ?? []) {
    const where = relative(process.cwd(), file.name);
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const test of failedTests) failures.push({ where, name: test.fullName, message: test.failureMessages?.[0] });
    // A file that failed outside any test (an import error, a failing hook) has no failed test to count.
    if (file.status === "failed" && failedTests.length === 0) {
      failed += 1;
      failures.push({ where, name: "(the file itself)", message: file.message });
    }
  }
}
for (const { where, name, message } of failures) {
  console.log(`FAILED ${where} > ${name}`);
  for (const line of String(message ?? "")
    .split("\n")
    .slice(0, 12))
    console.log(`    ${line}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 || process.argv.length < 5 ? 1 : 0);
