/**
 * A sitting taken up by another browser (src/lib/exam-server/take-up.ts): the tasks the server
 * holds count as started, in the exam's order, with the answers saved beside them; a browser
 * new to the sitting opens on the task saved last, one that ran it keeps its own task on screen
 * and its own answers.
 */
import { describe, expect, it } from 'vitest';
import type { Exam } from '../../src/exams/schema.ts';
import { examById } from '../../src/lib/exam-catalog.ts';
import { withServerWork } from '../../src/lib/exam-server/take-up.ts';
import { beginSitting, switchTask, withAnswers } from '../../src/lib/exam-sitting.ts';

const base = examById('e2e-short');
const exam: Exam = { ...base, tasks: [base.tasks[0]!, { id: 'fdb', exercise: 'read-the-fdb', weight: 5 }, base.tasks[1]!] };
const [first, , third] = exam.tasks.map((t) => t.id) as [string, string, string];
const begun = beginSitting(exam, 'seed-1', new Date('2026-05-04T09:00:00.000Z'));

describe('taking a sitting up from the exam server', () => {
  it('opens a browser new to the sitting on the task the server saved last, every saved task started in exam order, with its answers', () => {
    const saved = [
      { task: 'fdb', savedAt: 2_000, answers: { 'app-port': 'p3' } },
      { task: third, savedAt: 1_000 },
    ];
    const taken = withServerWork(exam, begun, saved, true);
    expect(taken.startedTasks).toEqual([first, 'fdb', third]);
    expect(taken.currentTask).toBe('fdb');
    expect(taken.answers).toEqual({ fdb: { 'app-port': 'p3' } });
    // Seed, times and format are the sitting's own.
    expect({ ...taken, startedTasks: begun.startedTasks, currentTask: begun.currentTask, answers: undefined }).toEqual({ ...begun, answers: undefined });
  });

  it('keeps the task on screen and the answers of a browser that ran the sitting, adding only what it lacks', () => {
    const ran = withAnswers(switchTask(begun, third), 'fdb', { 'app-port': 'p9' });
    const taken = withServerWork(exam, ran, [{ task: 'fdb', savedAt: 5_000, answers: { 'app-port': 'p3' } }], false);
    expect(taken.currentTask).toBe(third);
    expect(taken.startedTasks).toEqual([first, 'fdb', third]);
    expect(taken.answers).toEqual({ fdb: { 'app-port': 'p9' } });
  });

  it('leaves a sitting the server holds nothing of as it began', () => {
    expect(withServerWork(exam, begun, [], true)).toEqual(begun);
  });
});
