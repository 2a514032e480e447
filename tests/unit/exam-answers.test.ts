/**
 * An answer exercise as an exam task (src/exercises/answers.ts): the typed answers live in the
 * sitting, are graded with the task, and go into the results bundle, so the re-grade grades the
 * same answers against the saved VM state.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/grading/report.ts';
import { bundleSchema, type Exam } from '../../src/exams/schema.ts';
import { examById } from '../../src/lib/exam-catalog.ts';
import { examTransition } from '../../src/lib/exam-phase.ts';
import { buildBundle, gradeSitting, stateKeyOf } from '../../src/lib/exam-results.ts';
import { beginSitting, readSitting, submit, withReport, writeSitting, type Sitting } from '../../src/lib/exam-sitting.ts';

const base = examById('e2e-short');
const exam: Exam = { ...base, tasks: [{ id: 'fdb', exercise: 'read-the-fdb', weight: 5 }, base.tasks[0]!] };
const other = base.tasks[0]!;
const start = new Date('2026-05-04T09:00:00.000Z');
const full = (exercise: string): Report => ({ exercise, status: 'pass', score: 5, maximum: 5, checks: [{ id: 'c', title: 't', status: 'pass', weight: 5, message: 'ok' }] });
const load = (sitting: Sitting) => async (key: string) => (key === stateKeyOf(sitting, 'fdb') || key === stateKeyOf(sitting, other.id) ? new Uint8Array(100).buffer : undefined);

describe('answers in an exam sitting', () => {
  it('keeps what is typed as the answers of the task on screen, only while the exam runs', () => {
    const running = examTransition({ phase: 'intro' }, { type: 'begin', sitting: beginSitting(exam, 's', start) });
    const answered = examTransition(running, { type: 'answer', answers: { 'app-port': 'p3' } });
    expect(answered).toMatchObject({ phase: 'running', sitting: { answers: { fdb: { 'app-port': 'p3' } } } });
    const submitted = examTransition(answered, { type: 'submit', by: 'candidate', now: start });
    expect(examTransition(submitted, { type: 'answer', answers: { 'app-port': 'p4' } })).toBe(submitted);
  });

  it('survives a reload with the sitting', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    const sitting = { ...beginSitting(exam, 's', start), answers: { fdb: { 'app-port': 'p3', 'p1-mac': '' } } };
    writeSitting(storage, sitting);
    expect(readSitting(storage, exam)?.answers).toEqual({ fdb: { 'app-port': 'p3', 'p1-mac': '' } });
  });

  it('grades an answer task with its answers ({} when none were typed), and a task that asks nothing with none', async () => {
    const graded: Record<string, unknown> = {};
    const gradeState = async (task: { id: string; exercise: string }, _state: ArrayBuffer, _values: unknown, answers?: Record<string, string>) => {
      graded[task.id] = answers;
      return full(task.exercise);
    };
    const sitting = { ...beginSitting(exam, 's', start), startedTasks: ['fdb', other.id], answers: { fdb: { 'app-port': 'p3' } } };
    await gradeSitting(exam, sitting, { loadState: load(sitting), gradeState });
    expect(graded).toEqual({ fdb: { 'app-port': 'p3' }, [other.id]: undefined });
    await gradeSitting(exam, { ...sitting, answers: undefined }, { loadState: load(sitting), gradeState });
    expect(graded.fdb).toEqual({});
  });

  it('puts the answers into the bundle with their task, for the re-grade', async () => {
    const begun = { ...beginSitting(exam, 's', start), startedTasks: ['fdb', other.id], answers: { fdb: { 'app-port': 'p3', 'p1-mac': '02:aa:bb:cc:dd:ee' } } };
    const report = await gradeSitting(exam, begun, { loadState: load(begun), gradeState: async (task) => full(task.exercise) });
    const bundle = await buildBundle(exam, withReport(submit(begun, 'candidate', start), report), load(begun));
    expect(bundleSchema.parse(bundle)).toEqual(bundle);
    expect(bundle.tasks[0]).toMatchObject({ id: 'fdb', answers: { 'app-port': 'p3', 'p1-mac': '02:aa:bb:cc:dd:ee' } });
    expect(bundle.tasks[1]).not.toHaveProperty('answers');
  });
});
