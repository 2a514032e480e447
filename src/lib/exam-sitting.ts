/**
 * An exam sitting in progress, kept in localStorage so it survives a reload or a closed tab:
 * which exam, the seed, when it started and must end, the task on screen, the tasks started,
 * and once submitted, when and by whom, then the browser's report. One sitting per exam.
 *
 * The VM state of each task is not here (it is megabytes): it lives in IndexedDB under
 * taskStateKey(...) (src/lib/exercise-states.ts).
 *
 * Every function is pure or takes the storage as an argument (tests pass a Map-backed fake);
 * reading validates what it finds and treats anything unreadable as no sitting.
 *
 * @example
 * const sitting = beginSitting(exam, newSeed(), new Date());
 * writeSitting(localStorage, sitting);
 * readSitting(localStorage, exam); // the same sitting, after a reload too
 */
import { z } from 'zod';
import { examReportSchema, type Exam, type ExamReport } from '../exams/schema.ts';
import { answersSchema, type Answers } from '../exercises/answers.ts';

/** The part of the Web Storage API a sitting needs. */
export type SittingStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const sittingKey = (examId: string) => `stacklab:exam:${examId}`;

/** Where a task's VM state is stored: the seed is part of it, so a new sitting never finds an old one's work. */
export const taskStateKey = (examId: string, seed: string, taskId: string) => `exam:${examId}:${seed}:${taskId}`;

export const sittingSchema = z.strictObject({
  format: z.literal(1),
  examId: z.string(),
  examVersion: z.int().positive(),
  seed: z.string().min(1),
  /** The guest image build the VM runs (image.json's build), named in the bundle; unknown if image.json could not be read. */
  imageBuild: z.string().min(1).optional(),
  startedAt: z.iso.datetime(),
  deadline: z.iso.datetime(),
  currentTask: z.string(),
  startedTasks: z.array(z.string()),
  /** An answer exercise's answers by task id (src/exercises/answers.ts), as typed; graded and put in the bundle with the task. */
  answers: z.record(z.string(), answersSchema).optional(),
  /** Set the moment the exam is submitted (before grading), so a reload during grading grades again with the same times. */
  submission: z.strictObject({ endedAt: z.iso.datetime(), submittedBy: z.enum(['candidate', 'timer']) }).optional(),
  /** The browser's report, once every started task was graded. */
  report: examReportSchema.optional(),
});
export type Sitting = z.infer<typeof sittingSchema>;

/**
 * A fresh random seed for a sitting, from the browser's cryptographic generator: 12 hex
 * digits in groups of four, short enough to read out to an instructor.
 */
export function newSeed(random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const hex = [...random(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)!.join('-');
}

/** A sitting that starts `now`, on the exam's first task. */
export function beginSitting(exam: Exam, seed: string, now: Date, imageBuild?: string): Sitting {
  const first = exam.tasks[0]!.id;
  return {
    format: 1,
    examId: exam.id,
    examVersion: exam.version,
    seed,
    ...(imageBuild ? { imageBuild } : {}),
    startedAt: now.toISOString(),
    deadline: new Date(now.getTime() + exam.timeLimitMinutes * 60_000).toISOString(),
    currentTask: first,
    startedTasks: [first],
  };
}

/** The sitting with `taskId` on screen (and counted as started). */
export function switchTask(sitting: Sitting, taskId: string): Sitting {
  const startedTasks = sitting.startedTasks.includes(taskId) ? sitting.startedTasks : [...sitting.startedTasks, taskId];
  return { ...sitting, currentTask: taskId, startedTasks };
}

/** The sitting with `answers` as the answers to task `taskId`. */
export function withAnswers(sitting: Sitting, taskId: string, answers: Answers): Sitting {
  return { ...sitting, answers: { ...sitting.answers, [taskId]: answers } };
}

/**
 * The sitting submitted at `now` (the first submission stands). The timer may fire late (a
 * throttled background tab, a page reopened after the deadline): its sitting ends at the deadline.
 */
export function submit(sitting: Sitting, submittedBy: 'candidate' | 'timer', now: Date): Sitting {
  if (sitting.submission) return sitting;
  const ended = submittedBy === 'timer' ? Math.min(now.getTime(), Date.parse(sitting.deadline)) : now.getTime();
  return { ...sitting, submission: { endedAt: new Date(ended).toISOString(), submittedBy } };
}

export function withReport(sitting: Sitting, report: ExamReport): Sitting {
  return { ...sitting, report };
}

/**
 * The stored sitting of `exam`, or undefined when there is none, it cannot be read, or it
 * belongs to another version of the exam (its tasks may no longer match).
 */
export function readSitting(storage: SittingStorage | undefined, exam: Exam): Sitting | undefined {
  let text: string | null;
  try {
    text = storage?.getItem(sittingKey(exam.id)) ?? null;
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  let parsed;
  try {
    parsed = sittingSchema.safeParse(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const sitting = parsed.data;
  const taskIds = exam.tasks.map((t) => t.id);
  if (sitting.examId !== exam.id || sitting.examVersion !== exam.version) return undefined;
  if (!taskIds.includes(sitting.currentTask) || !sitting.startedTasks.every((id) => taskIds.includes(id))) return undefined;
  return sitting;
}

/** Stores the sitting; false when storage is missing, blocked or full (the sitting then lives only in memory). */
export function writeSitting(storage: SittingStorage | undefined, sitting: Sitting): boolean {
  try {
    if (!storage) return false;
    storage.setItem(sittingKey(sitting.examId), JSON.stringify(sitting));
    return true;
  } catch {
    return false;
  }
}

export function clearSitting(storage: SittingStorage | undefined, examId: string): void {
  try {
    storage?.removeItem(sittingKey(examId));
  } catch {
    // Nothing stored, or storage blocked: either way there is no sitting to find.
  }
}
