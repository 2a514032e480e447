/**
 * A browser taking up a sitting it has not run (continued on another computer with the
 * instructor's link, or launched again from the LMS there): before the exam mounts, each task
 * the server holds a state of and this browser does not is fetched, checked against its digest
 * and stored where the exam element resumes it from; the sitting kept in localStorage then
 * counts those tasks as started, with their answers, and puts the one saved last on screen.
 * Without this, the new browser would set the tasks up afresh and upload them over the server's
 * good copies. A fetch that fails stops the take-up: the page says so and mounts nothing.
 *
 * @example
 * await takeUpServerWork({ storage: localStorage, exam, token, sitting, imageBuild }, (n, of) => say(`task ${n} of ${of}`));
 */
import type { SittingView } from '../../server/exam-schemas.ts';
import type { Exam } from '../../exams/schema.ts';
import { sha256Hex } from '../../exams/bundle-codec.ts';
import { beginSitting, readSitting, taskStateKey, writeSitting, type Sitting, type SittingStorage } from '../exam-sitting.ts';
import { hasExerciseState, storeGzippedExerciseState } from '../exercise-states.ts';
import { gzipTransform } from '../gzip-off-thread.ts';
import { fetchTaskState, type CandidateToken } from './client.ts';

type SavedTasks = SittingView['savedTasks'];

/**
 * The sitting with the server's saved tasks counted as started (in the exam's order) and their
 * answers where this browser has none. A sitting new to this browser (`fresh`) opens on the task
 * the server saved last; one this browser ran keeps the task it had on screen.
 */
export function withServerWork(exam: Exam, sitting: Sitting, saved: SavedTasks, fresh: boolean): Sitting {
  const started = new Set([...sitting.startedTasks, ...saved.map((t) => t.task)]);
  const startedTasks = exam.tasks.map((t) => t.id).filter((id) => started.has(id));
  const answers = { ...sitting.answers };
  for (const task of saved) if (task.answers && !answers[task.task]) answers[task.task] = task.answers;
  const last = saved.reduce<SavedTasks[number] | undefined>((latest, t) => (!latest || t.savedAt > latest.savedAt ? t : latest), undefined);
  const currentTask = fresh && last ? last.task : sitting.currentTask;
  return { ...sitting, startedTasks, currentTask, ...(Object.keys(answers).length > 0 ? { answers } : {}) };
}

export interface TakeUp {
  storage: SittingStorage;
  exam: Exam;
  token: CandidateToken;
  sitting: SittingView;
  imageBuild?: string;
}

/**
 * The server's copy of a task, fetched, checked and stored under `key`. With `toScreen`, the
 * raw state checked is handed to the task's restore, which then need not gunzip it again.
 */
async function fetchIntoBrowser(token: CandidateToken, taskId: string, key: string, toScreen: boolean): Promise<void> {
  const state = await fetchTaskState(token, taskId);
  // gunzip takes its input: the copy checked is not the one stored.
  const raw = await gzipTransform(state.gzipped.slice(0), 'decompress');
  if (raw.byteLength !== state.bytes || (await sha256Hex(new Uint8Array(raw))) !== state.sha256) {
    throw new Error(`the copy of task ${taskId} that arrived is damaged (it does not match the digest the server gave)`);
  }
  await storeGzippedExerciseState(key, state.gzipped, { sha256: state.sha256, bytes: state.bytes }, toScreen ? raw : undefined);
}

/**
 * Makes this browser hold the sitting: its own copy when it ran it, else one begun at the
 * server's start and deadline; then every task the server saved that this browser lacks.
 * Returns how many tasks were fetched; throws, naming the task, when one could not be.
 */
export async function takeUpServerWork({ storage, exam, token, sitting, imageBuild }: TakeUp, onTask?: (index: number, count: number) => void): Promise<number> {
  const local = readSitting(storage, exam);
  const fresh = local?.seed !== sitting.seed;
  const base = fresh ? { ...beginSitting(exam, sitting.seed, new Date(sitting.startedAt), imageBuild), deadline: new Date(sitting.deadline).toISOString() } : local!;
  const missing: SavedTasks = [];
  for (const task of sitting.savedTasks) if (!(await hasExerciseState(taskStateKey(exam.id, sitting.seed, task.task)))) missing.push(task);
  const taken = withServerWork(exam, base, sitting.savedTasks, fresh);
  for (const [index, task] of missing.entries()) {
    onTask?.(index + 1, missing.length);
    const number = exam.tasks.findIndex((t) => t.id === task.task) + 1;
    try {
      await fetchIntoBrowser(token, task.task, taskStateKey(exam.id, sitting.seed, task.task), task.task === taken.currentTask);
    } catch (error) {
      throw new Error(`Your saved work of Task ${number} could not be fetched from the exam server: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }
  if (fresh || missing.length > 0) writeSitting(storage, taken);
  return missing.length;
}
