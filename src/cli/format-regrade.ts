/** A re-grade as text for a terminal, and as the JSON `stacklab regrade --json` prints. */
import type { RegradeResult } from '../exams/regrade.ts';
import { formatReport } from './format-report.ts';

export function regradeJson(result: RegradeResult) {
  return {
    exam: { id: result.exam.id, version: result.exam.version },
    seed: result.seed,
    verdict: result.authoritative.passed ? 'pass' : 'fail',
    report: result.authoritative,
    agreesWithBrowser: result.agrees,
    differences: result.differences,
    findings: result.findings,
    taskMs: result.taskMs,
  };
}

export function formatRegrade(result: RegradeResult): string {
  const { authoritative: report, exam } = result;
  const lines = [
    `${exam.title} (${exam.id} v${exam.version}), seed ${result.seed}`,
    `Verdict: ${report.passed ? 'PASS' : 'FAIL'}: ${report.points}/${report.maximum} points (${report.percent}%, pass mark ${exam.passPercent}%)`,
    result.agrees ? "The browser's report agrees." : `The browser's report DISAGREES:\n${result.differences.map((d) => `  - ${d}`).join('\n')}`,
  ];
  for (const task of report.tasks) {
    lines.push('', `Task ${task.id} (${task.exercise}): ${task.points}/${task.weight} points`);
    for (const finding of result.findings[task.id] ?? []) lines.push(`  ! ${finding}`);
    lines.push(task.report ? formatReport(task.report, task.exercise).replace(/^/gm, '  ') : '  not started: no VM state in the bundle');
  }
  return lines.join('\n');
}
