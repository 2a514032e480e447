/**
 * A sitting's task saves that the exam server has not yet answered, kept in localStorage (one
 * record per task, the latest save) from the save until its upload is answered. A tab that
 * steps aside for another, closes, or loses its connection mid-upload leaves them here, and
 * the next page of the sitting in this browser uploads them from the states this browser saved.
 *
 * @example
 * markUnsent(localStorage, 'K7MQ2XH4PA', saved);
 * for (const saved of unsentSaves(localStorage, 'K7MQ2XH4PA', sitting.seed)) void host.taskSaved(saved);
 */
import { z } from 'zod';
import { savedTaskSchema, type SavedTask } from '../exam-host.ts';
import { candidateKey } from './client.ts';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const unsentSchema = z.record(z.string(), savedTaskSchema);

export const unsentKey = (session: string) => `${candidateKey(session)}:unsent`;

function read(storage: Store, session: string): Record<string, SavedTask> {
  try {
    const parsed = unsentSchema.safeParse(JSON.parse(storage.getItem(unsentKey(session)) ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function write(storage: Store, session: string, unsent: Record<string, SavedTask>): void {
  try {
    if (Object.keys(unsent).length === 0) storage.removeItem(unsentKey(session));
    else storage.setItem(unsentKey(session), JSON.stringify(unsent));
  } catch {
    // Storage full or blocked: the upload still runs; only a page closed before its answer loses the hand-over.
  }
}

/** Records `saved` as the task's latest save, not yet on the server. */
export function markUnsent(storage: Store, session: string, saved: SavedTask): void {
  write(storage, session, { ...read(storage, session), [saved.taskId]: saved });
}

/** The server answered the upload of `saved`: forgotten, unless a later save of the task is waiting. */
export function markSent(storage: Store, session: string, saved: SavedTask): void {
  const unsent = read(storage, session);
  if (unsent[saved.taskId]?.savedAt !== saved.savedAt) return;
  delete unsent[saved.taskId];
  write(storage, session, unsent);
}

/** Forgets every unsent save of the session: its bundle went to the server, with every task's state. */
export function forgetUnsent(storage: Store, session: string): void {
  write(storage, session, {});
}

/** The saves of this sitting (its seed) still to upload, oldest first. */
export function unsentSaves(storage: Store, session: string, seed: string): SavedTask[] {
  return Object.values(read(storage, session))
    .filter((saved) => saved.seed === seed)
    .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}
