// Prints the closing line CI reads, `N passed, N failed`, from Vitest's JSON report.
// A file that failed to load (its tests never ran) counts as one failure, and a run that
// failed without a report counts as one too: a red run never prints "0 failed".
import { existsSync, readFileSync } from "node:fs";

const [file = ".reports/vitest.json", exitCode = "0"] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(file)) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    if (suite.status === "failed" && (suite.assertionResults ?? []).every((t) => t.status !== "failed"))
      failed++;
  }
}
if (exitCode !== "0" && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
