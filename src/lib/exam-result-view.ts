/**
 * The words and list items of an exam's final report (src/elements/exam.ts shows them): the
 * verdict, when and how the sitting ended, and per task its points, the values drawn for the
 * candidate, a one-line summary and its checks (src/lib/report-view.ts).
 */
import type { ExamReport } from '../exams/schema.ts';
import type { ParameterValues } from '../exercises/parameters.ts';
import type { Graded } from './exam-phase.ts';
import { clockTime } from './format-time.ts';
import { checkItems } from './report-view.ts';

type TaskResult = ExamReport['tasks'][number];

/** "Pass: 80 of 100 points (80%). The pass mark is 70%." */
export const verdictText = (report: ExamReport, passPercent: number) =>
  `${report.passed ? 'Pass' : 'Fail'}: ${report.points} of ${report.maximum} points (${report.percent}%). The pass mark is ${passPercent}%.`;

/** The seed, the start, and how and when the sitting ended. */
export const sittingFacts = ({ seed, startedAt, submission }: Graded) =>
  `Seed ${seed}. Started ${clockTime(startedAt)}; ${submission.submittedBy === 'timer' ? 'submitted automatically when the time ran out' : 'submitted'} at ${clockTime(submission.endedAt)}.`;

/**
 * One line per task: not started, could not be graded, or how many checks pass, and when some
 * checks held from the start (src/exams/score.ts), that those earn nothing.
 */
export function taskSummary(result: TaskResult): string {
  const report = result.report;
  if (!report) return 'Not started: no points.';
  if (report.status === 'error') return `Could not be graded: ${report.message ?? 'a check failed to run'}. No points.`;
  const passing = `${report.checks.filter((c) => c.status === 'pass').length} of ${report.checks.length} checks pass (score ${report.score}/${report.maximum}).`;
  const given = report.checks.filter((c) => c.given).length;
  if (given === 0) return passing;
  const which = given === 1 ? 'The check marked “given” was' : `The ${given} checks marked “given” were`;
  return `${passing} ${which} true when the task was set up: keeping ${given === 1 ? 'it' : 'them'} earns no points, and breaking one costs its points.`;
}

/** A task's item in the report list: heading with points, the candidate's values, the summary, the checks. */
export function taskResultItem(result: TaskResult, number: number, title: string, values: ParameterValues): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'exam-task-result';
  item.dataset.task = result.id;
  item.dataset.points = String(result.points);
  const heading = document.createElement('h3');
  heading.textContent = `Task ${number}: ${title}`;
  const points = document.createElement('span');
  points.className = 'exam-task-result-points';
  points.textContent = `${result.points} of ${result.weight} points`;
  heading.append(' ', points);
  item.append(heading);
  const entries = Object.entries(values);
  if (entries.length > 0) {
    const line = document.createElement('p');
    line.className = 'exam-task-values';
    line.textContent = `Your values: ${entries.map(([name, value]) => `${name} ${value}`).join(', ')}`;
    item.append(line);
  }
  const summary = document.createElement('p');
  summary.className = 'exercise-summary';
  summary.textContent = taskSummary(result);
  summary.dataset.status = result.report?.status ?? 'skip';
  item.append(summary);
  const checks = result.report?.checks ?? [];
  if (checks.length > 0) {
    const list = document.createElement('ol');
    list.className = 'exercise-checks';
    list.append(...checkItems(checks, { markGiven: true }));
    item.append(list);
  }
  return item;
}
