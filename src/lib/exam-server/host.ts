/**
 * The ExamHost (src/lib/exam-host.ts) of a sitting on the classroom server: the countdown
 * follows the server's clock, each autosaved task state is uploaded (one upload at a time per
 * task; a newer save replaces one still waiting), and the finished bundle is submitted instead
 * of downloaded. A refusal (after the deadline and grace) is what the candidate is told.
 *
 * @example
 * element.host = serverExamHost(token, sitting, { onStatus: (s) => (status.textContent = s.message) });
 */
import type { SittingView } from '../../server/exam-schemas.ts';
import type { ExamHost, SavedTask } from '../exam-host.ts';
import { loadGzippedExerciseState } from '../exercise-states.ts';
import { clockTime } from '../format-time.ts';
import { ExamServerError, submitBundle, uploadTaskState, type CandidateToken } from './client.ts';
import { serverClock } from './server-clock.ts';

export interface HostStatus {
  kind: 'saved' | 'save-failed' | 'submitted' | 'refused';
  message: string;
}

export interface ServerHostOptions {
  imageBuild?: string;
  onStatus?: (status: HostStatus) => void;
  base?: string;
}

export function serverExamHost(token: CandidateToken, sitting: SittingView, options: ServerHostOptions = {}): ExamHost & { sitting: SittingView; settled(): Promise<void> } {
  const clock = serverClock(sitting.serverNow);
  const status = (kind: HostStatus['kind'], message: string) => options.onStatus?.({ kind, message });
  const running = new Map<string, Promise<void>>();
  const waiting = new Map<string, SavedTask>();

  async function upload(saved: SavedTask): Promise<void> {
    const state = await loadGzippedExerciseState(saved.key);
    if (!state) return;
    try {
      const answer = await uploadTaskState(token, saved.taskId, state, { imageBuild: options.imageBuild, answers: saved.answers }, options.base);
      clock.update(answer.serverNow);
      status('saved', `${saved.taskLabel} saved on the exam server at ${clockTime(new Date(answer.savedAt).toISOString())}.`);
    } catch (error) {
      status('save-failed', `${saved.taskLabel} could not be saved on the exam server: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Set once the bundle went to the server: later saves (grading restores each task) are not uploads any more. */
  let delivered = false;

  function taskSaved(saved: SavedTask): Promise<void> {
    if (delivered) return Promise.resolve();
    if (running.has(saved.taskId)) {
      waiting.set(saved.taskId, saved);
      return running.get(saved.taskId)!;
    }
    const run = (async () => {
      let next: SavedTask | undefined = saved;
      while (next) {
        waiting.delete(next.taskId);
        await upload(next);
        next = waiting.get(saved.taskId);
      }
    })().finally(() => running.delete(saved.taskId));
    running.set(saved.taskId, run);
    return run;
  }

  return {
    sitting,
    now: () => clock.now(),
    taskSaved,
    /** Resolves once every upload begun (and waiting) has ended. */
    async settled() {
      while (running.size > 0) await Promise.all(running.values());
    },
    async deliver(bundle) {
      delivered = true;
      try {
        const answer = await submitBundle(token, bundle, options.base);
        clock.update(answer.serverNow);
        const message = `Submitted to the exam server at ${clockTime(new Date(answer.submittedAt).toISOString())}. Nothing to download: your instructor has your results, and the score that counts is the server's re-grade.`;
        status('submitted', message);
        return message;
      } catch (error) {
        const message = error instanceof ExamServerError ? `The exam server refused this submission: ${error.message}` : `The submission failed: ${String(error)}`;
        status('refused', message);
        return message;
      }
    },
  };
}
