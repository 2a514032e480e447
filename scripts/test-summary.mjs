// Adds up vitest's JSON reports into the one closing line CI reads: "N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

let passed = 0, failed = 0, skipped = 0;
const files = process.argv.slice(2).filter((f) => !f.includes('*'));
for (const file of files) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numTotalTestSuites > 0 && report.numTotalTests === 0) failed += 1;
}
if (files.length < 3) {
  console.error(`only ${files.length} of 3 test layers produced a report`);
  failed += 3 - files.length;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
