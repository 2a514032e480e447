/** A grade report as text for a terminal: the verdict, then every check in order. */
import { foundLineAddsNothing, type Report } from '../grading/report.ts';

const MARKS = { pass: '✓', fail: '✗', skip: '-', error: '!' } as const;

export function formatReport(report: Report, title: string): string {
  const lines = [`${report.exercise}: ${title}: ${report.status.toUpperCase()} ${report.score}/${report.maximum}`];
  if (report.message) lines.push(`  ${report.message}`);
  if (report.notice) lines.push(`  note: ${report.notice}`);
  for (const c of report.checks) {
    lines.push(`  ${MARKS[c.status]} ${c.title}`);
    lines.push(`      ${c.message}`);
    if (c.status === 'fail' && c.expected && !foundLineAddsNothing(c)) lines.push(`      expected ${c.expected}; found ${c.actual}`);
  }
  return lines.join('\n');
}
