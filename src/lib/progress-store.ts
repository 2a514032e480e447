/**
 * The learner's progress (which lessons are done), kept in localStorage.
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
 */
import { z } from 'zod';
import { slugSchema } from '../schemas/lesson.ts';

export const STORAGE_KEY = 'stacklab:progress';
export const BACKUP_KEY = 'stacklab:progress:unreadable';
export const CURRENT_VERSION = 1;

export const progressSchema = z.strictObject({
  version: z.literal(CURRENT_VERSION).describe('Format version; see the migrations note at the top of this file.'),
  lessons: z
    .record(slugSchema, z.strictObject({ doneAt: z.iso.datetime().describe('When the lesson was marked done.') }))
    .describe('Done lessons by lesson id. A lesson not listed is not done.'),
});
export type Progress = z.output<typeof progressSchema>;

export type Migration = (document: Record<string, unknown>) => Record<string, unknown>;
/** `migrations[n]` turns a version n document into a version n+1 document. */
export const migrations: Readonly<Record<number, Migration>> = {};

/** The part of the Web Storage API the store needs; tests pass a Map-backed fake. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function emptyProgress(): Progress {
  return { version: CURRENT_VERSION, lessons: {} };
}

/**
 * Parses a stored or imported document, upgrading older versions.
 * Throws an error a learner can act on when the document is not Stacklab progress.
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
    const migrate = migrationTable[version];
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

  /** The progress as a pretty JSON document, for a file the learner keeps. */
  exportJson(): string {
    return `${JSON.stringify(this.progress, null, 2)}\n`;
  }

  /**
   * Adds the marks of an exported file to the current ones (the earlier date wins).
   * Returns how many lessons the file marked done; throws with the reason if it is unreadable.
   */
  importJson(text: string): number {
    const incoming = parseProgress(text);
    const lessons = { ...this.progress.lessons };
    for (const [id, mark] of Object.entries(incoming.lessons)) {
      const existing = lessons[id];
      if (!existing || mark.doneAt < existing.doneAt) lessons[id] = mark;
    }
    this.update({ ...this.progress, lessons });
    return Object.keys(incoming.lessons).length;
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
      this.storageProblem = `The browser blocks local storage (${describe(error)}), so progress lasts only until you close the page. Export it to keep it.`;
      return emptyProgress();
    }
    if (text === null) return emptyProgress();
    try {
      return parseProgress(text);
    } catch (error) {
      console.warn(`Stacklab: stored progress was unreadable and is kept under "${BACKUP_KEY}": ${describe(error)}`);
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
      this.storageProblem = `Progress could not be saved (${describe(error)}). Export it to keep it.`;
      return false;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
