/**
 * The learner's progress (which lessons and exercises are done), kept in localStorage.
 *
 * - Versioned: the stored document carries `version`. What an older site wrote is
 *   upgraded by `migrations` before it is validated; nothing is trusted unvalidated.
 * - Tolerant: if storage is blocked (private mode, disabled cookies) or full, progress
 *   lives in memory for this visit and `storageProblem` says why, so the page can offer
 *   an export. Unreadable data is copied to a backup key before it is ever overwritten.
 *
 * Migrations: to change the format, add a schema for version N+1, set CURRENT_VERSION to
 * N+1, and add `migrations[N]`, a pure function from a valid version N document to a
 * version N+1 document. Never edit or remove an old migration: a learner may arrive with
 * any old version. Test each one in tests/unit/progress-store.test.ts.
 *
 * History:
 * - 1: `lessons` only.
 * - 2: adds `exercises`, the graded exercises' best scores (migration: no exercise graded yet).
 */
import { z } from 'zod';
import { slugSchema } from '../schemas/lesson.ts';
import { messageOf } from './message-of.ts';

export const STORAGE_KEY = 'stacklab:progress';
export const BACKUP_KEY = 'stacklab:progress:unreadable';
export const CURRENT_VERSION = 2;

const exerciseResultSchema = z.strictObject({
  bestScore: z.number().nonnegative().describe('The highest score any Check gave.'),
  maximum: z.number().nonnegative().describe('The score a full pass gives.'),
  doneAt: z.iso.datetime().optional().describe('When a Check first passed; absent while it has never passed.'),
});

export const progressSchema = z.strictObject({
  version: z.literal(CURRENT_VERSION).describe('Format version; see the migrations note at the top of this file.'),
  lessons: z
    .record(slugSchema, z.strictObject({ doneAt: z.iso.datetime().describe('When the lesson was marked done.') }))
    .describe('Done lessons by lesson id. A lesson not listed is not done.'),
  exercises: z
    .record(slugSchema, exerciseResultSchema)
    .describe('Graded exercises by exercise id. An exercise not listed has never been checked.'),
});
export type Progress = z.output<typeof progressSchema>;
export type ExerciseResult = z.output<typeof exerciseResultSchema>;

export type Migration = (document: Record<string, unknown>) => Record<string, unknown>;
/** `migrations[n]` turns a version n document into a version n+1 document. */
export const migrations: Readonly<Record<number, Migration>> = {
  1: (document) => ({ ...document, version: 2, exercises: {} }),
};

/** The part of the Web Storage API the store needs; tests pass a Map-backed fake. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function emptyProgress(): Progress {
  return { version: CURRENT_VERSION, lessons: {}, exercises: {} };
}

/**
 * Parses a stored or imported document, upgrading older versions.
 * Throws an error a learner can act on when the document is not Stacklab progress.
 * `migrationTable` adds to (and overrides) the built-in migrations; tests use it.
 */
export function parseProgress(text: string, migrationTable: Readonly<Record<number, Migration>> = migrations): Progress {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error('This is not a Stacklab progress file: it is not valid JSON.');
  }
  if (typeof document !== 'object' || document === null || typeof (document as { version?: unknown }).version !== 'number') {
    throw new Error('This is not a Stacklab progress file: it has no "version" number.');
  }
  let current = document as Record<string, unknown>;
  let version = current.version as number;
  if (version > CURRENT_VERSION) {
    throw new Error(`This progress was saved by a newer Stacklab (format ${version}; this site reads up to ${CURRENT_VERSION}). Reload the page to get the newer site.`);
  }
  while (version < CURRENT_VERSION) {
    const migrate = migrationTable[version] ?? migrations[version];
    if (!migrate) throw new Error(`Progress format ${version} is too old to read (no migration to ${version + 1}).`);
    current = migrate(current);
    version += 1;
  }
  const result = progressSchema.safeParse(current);
  if (!result.success) throw new Error(`This progress file is damaged: ${z.prettifyError(result.error)}`);
  return result.data;
}

type Listener = (progress: Progress) => void;

export class ProgressStore {
  private progress: Progress;
  private listeners = new Set<Listener>();
  /** Why progress will not survive a reload, or undefined when it will. */
  storageProblem?: string;

  constructor(private readonly storage: ProgressStorage | undefined) {
    this.progress = this.load();
  }

  isDone(lessonId: string): boolean {
    return lessonId in this.progress.lessons;
  }

  doneIds(): string[] {
    return Object.keys(this.progress.lessons);
  }

  markDone(lessonId: string, at = new Date()): void {
    if (this.isDone(lessonId)) return;
    this.update({ ...this.progress, lessons: { ...this.progress.lessons, [lessonId]: { doneAt: at.toISOString() } } });
  }

  markNotDone(lessonId: string): void {
    if (!this.isDone(lessonId)) return;
    const { [lessonId]: _removed, ...rest } = this.progress.lessons;
    this.update({ ...this.progress, lessons: rest });
  }

  /** What Check gave for an exercise so far, or undefined when it was never checked. */
  exerciseResult(exerciseId: string): ExerciseResult | undefined {
    return this.progress.exercises[exerciseId];
  }

  isExerciseDone(exerciseId: string): boolean {
    return this.progress.exercises[exerciseId]?.doneAt !== undefined;
  }

  /**
   * Records a graded Check: keeps the best score, and the date of the first pass.
   *
   * @example store.recordExerciseResult('eth1-up', { score: 4, maximum: 4, passed: true })
   */
  recordExerciseResult(exerciseId: string, result: { score: number; maximum: number; passed: boolean }, at = new Date()): void {
    const previous = this.progress.exercises[exerciseId];
    const next: ExerciseResult = {
      bestScore: Math.max(previous?.bestScore ?? 0, result.score),
      maximum: result.maximum,
      ...(previous?.doneAt ? { doneAt: previous.doneAt } : result.passed ? { doneAt: at.toISOString() } : {}),
    };
    if (previous && previous.bestScore === next.bestScore && previous.maximum === next.maximum && previous.doneAt === next.doneAt) return;
    this.update({ ...this.progress, exercises: { ...this.progress.exercises, [exerciseId]: next } });
  }

  /** The progress as a pretty JSON document, for a file the learner keeps. */
  exportJson(): string {
    return `${JSON.stringify(this.progress, null, 2)}\n`;
  }

  /**
   * Adds the marks of an exported file to the current ones (the earlier date and the
   * better score win).
   * Returns how many lessons the file marked done; throws with the reason if it is unreadable.
   */
  importJson(text: string): number {
    const incoming = parseProgress(text);
    const lessons = { ...this.progress.lessons };
    for (const [id, mark] of Object.entries(incoming.lessons)) {
      const existing = lessons[id];
      if (!existing || mark.doneAt < existing.doneAt) lessons[id] = mark;
    }
    this.update({ ...this.progress, lessons, exercises: this.withExerciseResults(incoming.exercises) });
    return Object.keys(incoming.lessons).length;
  }

  /**
   * Adds exercise results kept elsewhere (the workshop server's, for a learner who carries on in
   * this browser): the better score, the larger maximum and the earlier pass win.
   */
  mergeExerciseResults(incoming: Readonly<Record<string, ExerciseResult>>): void {
    const exercises = this.withExerciseResults(incoming);
    if (JSON.stringify(exercises) === JSON.stringify(this.progress.exercises)) return;
    this.update({ ...this.progress, exercises });
  }

  private withExerciseResults(incoming: Readonly<Record<string, ExerciseResult>>): Progress['exercises'] {
    const exercises = { ...this.progress.exercises };
    for (const [id, result] of Object.entries(incoming)) {
      const existing = exercises[id];
      const doneAt = [existing?.doneAt, result.doneAt].filter((d): d is string => d !== undefined).sort()[0];
      exercises[id] = {
        bestScore: Math.max(existing?.bestScore ?? 0, result.bestScore),
        maximum: Math.max(existing?.maximum ?? 0, result.maximum),
        ...(doneAt ? { doneAt } : {}),
      };
    }
    return exercises;
  }

  /** Calls `listener` on every change (also changes made in another tab); returns an unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads storage, e.g. after another tab wrote to it. */
  reload(): void {
    this.progress = this.load();
    this.notify();
  }

  private update(next: Progress): void {
    this.progress = next;
    this.save();
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.progress);
  }

  private load(): Progress {
    if (!this.storage) {
      this.storageProblem = 'This browser offers no local storage, so progress lasts only until you close the page.';
      return emptyProgress();
    }
    let text: string | null;
    try {
      text = this.storage.getItem(STORAGE_KEY);
    } catch (error) {
      this.storageProblem = `The browser blocks local storage (${messageOf(error)}), so progress lasts only until you close the page. Export it to keep it.`;
      return emptyProgress();
    }
    if (text === null) return emptyProgress();
    try {
      return parseProgress(text);
    } catch (error) {
      console.warn(`Stacklab: stored progress was unreadable and is kept under "${BACKUP_KEY}": ${messageOf(error)}`);
      this.trySet(BACKUP_KEY, text);
      return emptyProgress();
    }
  }

  private save(): void {
    if (!this.storage) return;
    if (this.trySet(STORAGE_KEY, JSON.stringify(this.progress))) this.storageProblem = undefined;
  }

  private trySet(key: string, value: string): boolean {
    try {
      this.storage?.setItem(key, value);
      return true;
    } catch (error) {
      this.storageProblem = `Progress could not be saved (${messageOf(error)}). Export it to keep it.`;
      return false;
    }
  }
}
