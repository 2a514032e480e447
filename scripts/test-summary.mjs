// Adds up vitest's JSON reports into the one closing line CI reads: "N passed, N failed, N skipped".
// Above it, each failed test is named with its file and the first lines of its error, so a CI log
// that keeps only its tail still says which test failed and why. FAILED_STEPS (one per line, from
// scripts/test-all.sh) names the steps that failed with no failed test in these reports: the
// type check, the site build, a vitest run that exited non-zero on an unhandled error.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const ERROR_LINES = 6;
let passed = 0, failed = 0, skipped = 0;
const failures = [];
const files = process.argv.slice(2).filter((f) => !f.includes('*'));
for (const file of files) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numTotalTestSuites > 0 && report.numTotalTests === 0) failed += 1;
  for (const suite of report.testResults) {
    const where = relative(process.cwd(), suite.name);
    const failedTests = suite.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failedTests) failures.push({ where, title: test.fullName || test.title, messages: test.failureMessages });
    // A file that failed to load or whose hooks failed has no failed test, only its own message.
    if (suite.status === 'failed' && failedTests.length === 0) failures.push({ where, title: '(the file itself)', messages: [suite.message] });
  }
}
if (files.length < 3) {
  console.error(`only ${files.length} of 3 test layers produced a report`);
  failed += 3 - files.length;
}
if (failures.length > 0) {
  console.log(`\nfailed (${failures.length}):`);
  for (const { where, title, messages } of failures) {
    console.log(`✗ ${where} > ${title}`);
    const text = (messages ?? []).filter(Boolean).join('\n').split('\n').filter((line) => line.trim() !== '');
    for (const line of text.slice(0, ERROR_LINES)) console.log(`    ${line.slice(0, 300)}`);
  }
  console.log('');
}
const failedSteps = (process.env.FAILED_STEPS ?? '').split('\n').filter((line) => line.trim() !== '');
if (failedSteps.length > 0) {
  console.log(`steps that failed (a vitest run with no failed test printed its unhandled errors above its summary):`);
  for (const step of failedSteps) console.log(`✗ ${step}`);
}
const stepsLine = failedSteps.length > 0 ? `, ${failedSteps.length} step${failedSteps.length === 1 ? '' : 's'} failed` : '';
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped${stepsLine}`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);
