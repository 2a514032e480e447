/** The words of an exam's final report: the verdict against the pass mark, and each task's one-line summary. */
import { describe, expect, it } from 'vitest';
import type { ExamReport } from '../../src/exams/schema.ts';
import { taskSummary, verdictText } from '../../src/lib/exam-result-view.ts';

type TaskResult = ExamReport['tasks'][number];
type TaskReport = NonNullable<TaskResult['report']>;
const check = (id: string, status: 'pass' | 'fail'): TaskReport['checks'][number] => ({ id, title: id, status, weight: 1, message: '' });

describe('the final report words', () => {
  it('gives the verdict with points, percent and the pass mark', () => {
    expect(verdictText({ points: 40, maximum: 100, percent: 40, passed: false, tasks: [] }, 70)).toBe('Fail: 40 of 100 points (40%). The pass mark is 70%.');
    expect(verdictText({ points: 90, maximum: 100, percent: 90, passed: true, tasks: [] }, 70)).toMatch(/^Pass: 90 of 100/);
  });

  it('says per task: not started, could not be graded (with why), or how many checks pass', () => {
    const base = { id: 'cable', exercise: 'veth-testns', weight: 40, points: 0 };
    expect(taskSummary({ ...base, report: null })).toBe('Not started: no points.');
    const error: TaskReport = { exercise: 'veth-testns', status: 'error', score: 0, maximum: 4, message: 'the VM did not answer', checks: [] };
    expect(taskSummary({ ...base, report: error })).toBe('Could not be graded: the VM did not answer. No points.');
    const fail: TaskReport = { exercise: 'veth-testns', status: 'fail', score: 1, maximum: 2, checks: [check('a', 'pass'), check('b', 'fail')] };
    expect(taskSummary({ ...base, report: fail })).toBe('1 of 2 checks pass (score 1/2).');
  });

  it('says that checks given at the start earn no points, when a task has any', () => {
    const base = { id: 'ticket', exercise: 'fix-two-faults', weight: 30, points: 0 };
    const kept = (id: string) => ({ ...check(id, 'pass'), given: true });
    const one: TaskReport = { exercise: 'fix-two-faults', status: 'fail', score: 1, maximum: 2, checks: [kept('intact'), check('fixed', 'fail')] };
    expect(taskSummary({ ...base, report: one })).toBe(
      '1 of 2 checks pass (score 1/2). The check marked “given” was true when the task was set up: keeping it earns no points, and breaking one costs its points.',
    );
    const two: TaskReport = { ...one, score: 2, maximum: 3, checks: [kept('a'), kept('b'), check('fixed', 'fail')] };
    expect(taskSummary({ ...base, report: two })).toMatch(/^2 of 3 checks pass \(score 2\/3\)\. The 2 checks marked “given” were true when the task was set up: keeping them earns/);
  });
});
