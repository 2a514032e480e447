/**
 * The ExamHost (src/lib/exam-host.ts) of a sitting on the classroom server: the countdown
 * follows the server's clock, each autosaved task state is uploaded (one upload at a time per
 * task; a newer save replaces one still waiting), and the finished bundle is submitted instead
 * of downloaded. A refusal (after the deadline and grace) is what the candidate is told.
 *
 * A save stays recorded as unsent (unsent-saves.ts) until the server answers its upload. A tab
 * that steps aside lets the upload running end but starts none: the tab that goes on uploads
 * what is left (resumeUnsent), as does the next page after a tab closed or offline mid-upload.
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
import { forgetUnsent, markSent, markUnsent, unsentSaves } from './unsent-saves.ts';

export interface HostStatus {
  kind: 'saved' | 'save-failed' | 'submitted' | 'refused';
  message: string;
}

export interface ServerHostOptions {
  imageBuild?: string;
  onStatus?: (status: HostStatus) => void;
  base?: string;
  /** Where unsent saves are recorded (the page's localStorage); none records nothing. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export interface ServerExamHost extends ExamHost {
  sitting: SittingView;
  /** Uploads the saves of this sitting that an earlier page left unsent. */
  resumeUnsent(): void;
  /** Starts no upload from now on (later saves stay unsent, for the tab that goes on); resolves once the uploads running have ended. */
  stepAside(): Promise<void>;
}

export function serverExamHost(token: CandidateToken, sitting: SittingView, options: ServerHostOptions = {}): ServerExamHost {
  const clock = serverClock(sitting.serverNow);
  const status = (kind: HostStatus['kind'], message: string) => options.onStatus?.({ kind, message });
  const running = new Map<string, Promise<void>>();
  const waiting = new Map<string, SavedTask>();
  const sent = (saved: SavedTask) => options.storage && markSent(options.storage, token.session, saved);

  async function upload(saved: SavedTask): Promise<void> {
    const state = await loadGzippedExerciseState(saved.key);
    if (!state) return void sent(saved);
    try {
      const answer = await uploadTaskState(token, saved.taskId, state, { imageBuild: options.imageBuild, answers: saved.answers }, options.base);
      sent(saved);
      clock.update(answer.serverNow);
      status('saved', `${saved.taskLabel} saved on the exam server at ${clockTime(new Date(answer.savedAt).toISOString())}.`);
    } catch (error) {
      // Refused (time over, submitted): sending the same save again cannot help. Unreachable or failing: the next page tries again.
      if (error instanceof ExamServerError && error.status >= 400 && error.status < 500) sent(saved);
      status('save-failed', `${saved.taskLabel} could not be saved on the exam server: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Set once the bundle went to the server: later saves (grading restores each task) are not uploads any more. */
  let delivered = false;
  /** Set once this tab steps aside for another: saves are left unsent, for that tab. */
  let steppingAside = false;

  function taskSaved(saved: SavedTask): Promise<void> {
    if (delivered) return Promise.resolve();
    if (options.storage) markUnsent(options.storage, token.session, saved);
    if (steppingAside) return Promise.resolve();
    if (running.has(saved.taskId)) {
      waiting.set(saved.taskId, saved);
      return running.get(saved.taskId)!;
    }
    const run = (async () => {
      let next: SavedTask | undefined = saved;
      while (next) {
        waiting.delete(next.taskId);
        await upload(next);
        next = steppingAside ? undefined : waiting.get(saved.taskId);
      }
    })().finally(() => running.delete(saved.taskId));
    running.set(saved.taskId, run);
    return run;
  }

  return {
    sitting,
    now: () => clock.now(),
    taskSaved,
    resumeUnsent() {
      if (!options.storage) return;
      if (sitting.submittedAt !== null) return forgetUnsent(options.storage, token.session);
      for (const saved of unsentSaves(options.storage, token.session, sitting.seed)) void taskSaved(saved);
    },
    async stepAside() {
      steppingAside = true;
      while (running.size > 0) await Promise.all(running.values());
    },
    async deliver(bundle) {
      delivered = true;
      try {
        const answer = await submitBundle(token, bundle, options.base);
        if (options.storage) forgetUnsent(options.storage, token.session);
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
