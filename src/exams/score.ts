/**
 * Scoring an exam from its tasks' grade reports; the same function in the browser and in the
 * re-grader, so their reports can be compared field by field.
 */
import { earnedScore, type Report } from '../grading/report.ts';
import type { Exam, ExamReport } from './schema.ts';

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The share of a task's points a report earns: only what the candidate's work made pass. Checks
 * that held in the start state (`given`: the set-up's namespaces, a lab left intact, a service
 * still reachable) earn nothing, and each one broken costs its weight, so a task left as it was
 * set up earns 0 and a full solution earns all of it. An error earns nothing.
 */
export function earnedFraction(report: Report | null): number {
  if (!report || report.status === 'error') return 0;
  const earned = earnedScore(report);
  return earned.maximum > 0 ? earned.score / earned.maximum : 0;
}

/** `reports` by task id; a missing or null report (task never started) earns nothing, as does an error. */
export function scoreExam(exam: Exam, reports: Record<string, Report | null | undefined>): ExamReport {
  const tasks = exam.tasks.map((task) => {
    const report = reports[task.id] ?? null;
    const fraction = earnedFraction(report);
    return { id: task.id, exercise: task.exercise, weight: task.weight, points: round(task.weight * fraction), report };
  });
  const maximum = exam.tasks.reduce((sum, task) => sum + task.weight, 0);
  const points = round(tasks.reduce((sum, task) => sum + task.points, 0));
  const percent = round((points / maximum) * 100);
  return { points, maximum, percent, passed: percent >= exam.passPercent, tasks };
}

/** The seed a task's parameters are drawn from: every task of one exam sitting gets its own variant. */
export const taskSeed = (examSeed: string, taskId: string) => `${examSeed}/${taskId}`;

/** Where two exam reports differ (empty when they agree): per task points, then the totals and verdict. */
export function compareExamReports(authoritative: ExamReport, claimed: ExamReport): string[] {
  const differences: string[] = [];
  for (const task of authoritative.tasks) {
    const other = claimed.tasks.find((t) => t.id === task.id);
    if (!other) differences.push(`task ${task.id} is missing from the browser's report`);
    else if (other.points !== task.points) differences.push(`task ${task.id}: ${task.points} points, the browser claimed ${other.points}`);
  }
  for (const other of claimed.tasks) {
    if (!authoritative.tasks.some((t) => t.id === other.id)) differences.push(`the browser's report has a task ${other.id} that the exam does not`);
  }
  if (authoritative.points !== claimed.points) differences.push(`total: ${authoritative.points} points, the browser claimed ${claimed.points}`);
  if (authoritative.passed !== claimed.passed) differences.push(`verdict: ${authoritative.passed ? 'pass' : 'fail'}, the browser claimed ${claimed.passed ? 'pass' : 'fail'}`);
  return differences;
}
