/** The exam's phases as one typed value and the one transition function that moves them: each move only from the phase that allows it. */
import { describe, expect, it } from 'vitest';
import type { ExamReport } from '../../src/exams/schema.ts';
import { examById } from '../../src/lib/exam-catalog.ts';
import { examTransition, resumedState, type ExamEvent, type ExamState } from '../../src/lib/exam-phase.ts';
import { beginSitting, submit, withReport } from '../../src/lib/exam-sitting.ts';

const exam = examById('foundations-practical');
const start = new Date('2026-05-04T09:00:00.000Z');
const sitting = beginSitting(exam, 'seed-1', start);
const [first, second] = exam.tasks.map((t) => t.id) as [string, string];
const report: ExamReport = { points: 40, maximum: 100, percent: 40, passed: false, tasks: [] };

const run = (events: ExamEvent[], from: ExamState = { phase: 'loading' }) => events.reduce(examTransition, from);

describe('the exam phases', () => {
  it('resumes a stored sitting in the phase it was left in', () => {
    expect(resumedState(undefined)).toEqual({ phase: 'intro' });
    expect(resumedState(sitting)).toEqual({ phase: 'running', sitting });
    const submitted = submit(sitting, 'candidate', new Date('2026-05-04T09:10:00.000Z'));
    expect(resumedState(submitted)).toEqual({ phase: 'grading', sitting: submitted });
    expect(resumedState(withReport(submitted, report))).toMatchObject({ phase: 'finished', sitting: { report } });
  });

  it('goes loading, intro, running, grading, finished, and back to intro for a new sitting', () => {
    const phases: string[] = [];
    let state: ExamState = { phase: 'loading' };
    for (const event of [
      { type: 'loaded' },
      { type: 'begin', sitting },
      { type: 'submit', by: 'candidate', now: new Date('2026-05-04T09:20:00.000Z') },
      { type: 'graded', report },
      { type: 'forget' },
    ] satisfies ExamEvent[]) {
      state = examTransition(state, event);
      phases.push(state.phase);
    }
    expect(phases).toEqual(['intro', 'running', 'grading', 'finished', 'intro']);
  });

  it('switches the task on screen and counts it started, only while running and only to another task', () => {
    const running = run([{ type: 'loaded' }, { type: 'begin', sitting }]);
    const switched = examTransition(running, { type: 'switch', taskId: second });
    expect(switched).toMatchObject({ phase: 'running', sitting: { currentTask: second, startedTasks: [first, second] } });
    expect(examTransition(switched, { type: 'switch', taskId: second })).toBe(switched);
    const intro = run([{ type: 'loaded' }]);
    expect(examTransition(intro, { type: 'switch', taskId: second })).toBe(intro);
  });

  it('a submission by the timer ends at the deadline, and a second submission changes nothing', () => {
    const late = new Date(Date.parse(sitting.deadline) + 60_000);
    const grading = run([{ type: 'loaded' }, { type: 'begin', sitting }, { type: 'submit', by: 'timer', now: late }]);
    expect(grading).toMatchObject({ phase: 'grading', sitting: { submission: { submittedBy: 'timer', endedAt: sitting.deadline } } });
    expect(examTransition(grading, { type: 'submit', by: 'candidate', now: late })).toBe(grading);
  });

  it('refuses moves the phase does not allow, returning the same state', () => {
    const loading: ExamState = { phase: 'loading' };
    const intro = run([{ type: 'loaded' }]);
    const running = run([{ type: 'begin', sitting }], intro);
    const refused: Array<[ExamState, ExamEvent]> = [
      [loading, { type: 'begin', sitting }],
      [intro, { type: 'submit', by: 'timer', now: start }],
      [intro, { type: 'graded', report }],
      [running, { type: 'begin', sitting }],
      [running, { type: 'graded', report }],
      [running, { type: 'forget' }],
      [running, { type: 'loaded', sitting }],
    ];
    for (const [state, event] of refused) expect(examTransition(state, event), `${state.phase} + ${event.type}`).toBe(state);
  });
});
