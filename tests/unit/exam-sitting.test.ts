/** An exam sitting in localStorage: a random seed, a fixed deadline, task switches, submission, and refusing what it cannot trust. */
import { describe, expect, it } from 'vitest';
import type { ExamReport } from '../../src/exams/schema.ts';
import { examById } from '../../src/lib/exam-catalog.ts';
import { beginSitting, clearSitting, newSeed, readSitting, sittingKey, submit, switchTask, taskStateKey, withReport, writeSitting, type SittingStorage } from '../../src/lib/exam-sitting.ts';

function memoryStorage(): SittingStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const exam = examById('foundations-practical');
const start = new Date('2026-05-04T09:00:00.000Z');

describe('an exam sitting', () => {
  it('draws seeds from the crypto generator, 12 hex digits in groups of four', () => {
    expect(newSeed(() => new Uint8Array([0, 1, 0xab, 0xcd, 0xef, 0x10]))).toBe('0001-abcd-ef10');
    expect(newSeed()).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
    expect(newSeed()).not.toBe(newSeed());
  });

  it('starts on the first task with the deadline one time limit after the start', () => {
    const sitting = beginSitting(exam, 'seed-1', start);
    expect(sitting).toMatchObject({ examId: exam.id, examVersion: exam.version, seed: 'seed-1', startedAt: start.toISOString(), currentTask: exam.tasks[0]!.id, startedTasks: [exam.tasks[0]!.id] });
    expect(Date.parse(sitting.deadline) - start.getTime()).toBe(exam.timeLimitMinutes * 60_000);
  });

  it('survives a reload: what is written is read back unchanged, deadline included', () => {
    const storage = memoryStorage();
    const sitting = switchTask(beginSitting(exam, 'seed-1', start), exam.tasks[1]!.id);
    expect(writeSitting(storage, sitting)).toBe(true);
    expect(storage.data.has(sittingKey(exam.id))).toBe(true);
    expect(readSitting(storage, exam)).toEqual(sitting);
  });

  it('counts a task as started once it has been on screen, once', () => {
    const [first, second] = exam.tasks.map((t) => t.id) as [string, string];
    let sitting = beginSitting(exam, 's', start);
    sitting = switchTask(switchTask(switchTask(sitting, second), first), second);
    expect(sitting.currentTask).toBe(second);
    expect(sitting.startedTasks).toEqual([first, second]);
  });

  it('keeps the first submission: a timer firing after the candidate submitted changes nothing', () => {
    const sitting = submit(beginSitting(exam, 's', start), 'candidate', new Date('2026-05-04T09:10:00.000Z'));
    expect(submit(sitting, 'timer', new Date('2026-05-04T09:30:00.000Z')).submission).toEqual({ endedAt: '2026-05-04T09:10:00.000Z', submittedBy: 'candidate' });
  });

  it('ends a sitting the timer submitted late (a page reopened after the deadline) at the deadline', () => {
    const sitting = beginSitting(exam, 's', start);
    const late = submit(sitting, 'timer', new Date(Date.parse(sitting.deadline) + 3_600_000));
    expect(late.submission).toEqual({ endedAt: sitting.deadline, submittedBy: 'timer' });
  });

  it('stores the report with the sitting', () => {
    const storage = memoryStorage();
    const report: ExamReport = { points: 40, maximum: 100, percent: 40, passed: false, tasks: [] };
    const sitting = withReport(submit(beginSitting(exam, 's', start), 'timer', start), report);
    writeSitting(storage, sitting);
    expect(readSitting(storage, exam)?.report).toEqual(report);
  });

  it('finds nothing in damaged storage, another version of the exam, or unknown tasks', () => {
    const storage = memoryStorage();
    expect(readSitting(storage, exam)).toBeUndefined();
    storage.setItem(sittingKey(exam.id), '{not json');
    expect(readSitting(storage, exam)).toBeUndefined();
    storage.setItem(sittingKey(exam.id), JSON.stringify({ ...beginSitting(exam, 's', start), deadline: 'tomorrow' }));
    expect(readSitting(storage, exam)).toBeUndefined();
    writeSitting(storage, beginSitting({ ...exam, version: exam.version + 1 }, 's', start));
    expect(readSitting(storage, exam)).toBeUndefined();
    writeSitting(storage, { ...beginSitting(exam, 's', start), currentTask: 'ghost' });
    expect(readSitting(storage, exam)).toBeUndefined();
  });

  it('tolerates storage that throws, and clears a sitting', () => {
    const broken: SittingStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readSitting(broken, exam)).toBeUndefined();
    expect(writeSitting(broken, beginSitting(exam, 's', start))).toBe(false);
    expect(writeSitting(undefined, beginSitting(exam, 's', start))).toBe(false);
    expect(() => clearSitting(broken, exam.id)).not.toThrow();
    const storage = memoryStorage();
    writeSitting(storage, beginSitting(exam, 's', start));
    clearSitting(storage, exam.id);
    expect(readSitting(storage, exam)).toBeUndefined();
  });

  it('keys each task state by exam, seed and task, apart from lesson exercises', () => {
    expect(taskStateKey('foundations-practical', '0001-abcd-ef10', 'cable')).toBe('exam:foundations-practical:0001-abcd-ef10:cable');
  });
});
