/**
 * The ExamHost (src/lib/exam-host.ts) of a sitting on the classroom server: the countdown
 * follows the server's clock, each autosaved task state is uploaded (one upload at a time per
 * task; a newer save replaces one still waiting), and the finished bundle is submitted instead
 * of downloaded. A refusal (after the deadline and grace) is what the candidate is told.
 *
 * A save stays recorded as unsent (unsent-saves.ts) until the server answers its upload. An
 * upload the server may take later (unreachable, restarting, failing) is tried again by itself,
 * after 5 s, then twice as long each time up to a minute, and at once when the page calls
 * resumeUnsent (the browser back online). A tab that steps aside lets the upload running end but
 * starts none: the tab that goes on uploads what is left (resumeUnsent), as does the next page
 * after a tab closed or offline mid-upload.
 *
 * The status names every task's last upload, not only the latest one: "Task 1 saved … Task 2
 * could not be saved …" tells the candidate which work the server has. An upload under way says
 * so from the moment it begins (loading the saved state included), kind 'sending', beside the
 * time the server last saved that task: the candidate knows not to close the tab yet. A failed
 * one says what the server still has of the task. The words are upload-status.ts's.
 *
 * @example
 * element.host = serverExamHost(token, sitting, { onStatus: (s) => (status.textContent = s.message) });
 */
import type { SittingView } from '../../server/exam-schemas.ts';
import type { ExamHost, SavedTask } from '../exam-host.ts';
import { loadGzippedExerciseState } from '../exercise-states.ts';
import { clockTime } from '../format-time.ts';
import { ExamServerError, submitBundle, uploadTaskState, type CandidateToken } from './client.ts';
import { retrySchedule } from './retry-schedule.ts';
import { serverClock } from './server-clock.ts';
import { forgetUnsent, markSent, markUnsent, unsentSaves } from './unsent-saves.ts';
import { failedOutcome, savedOutcome, sendingOutcome, uploadStatus, type HostStatus, type UploadOutcome } from './upload-status.ts';

export type { HostStatus } from './upload-status.ts';

export interface ServerHostOptions {
  imageBuild?: string;
  onStatus?: (status: HostStatus) => void;
  base?: string;
  /** Where unsent saves are recorded (the page's localStorage); none records nothing, and retries nothing. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /**
   * The sitting's token as this browser holds it now: a launch from the LMS in another tab gives
   * the sitting a new one (the one this page began with is then refused), and every upload and
   * the submission go with the newest. Without it, the token the host was made with.
   */
  latestToken?: () => CandidateToken | undefined;
  /**
   * The server refused an upload or the submission because the sitting moved to another browser
   * (services/sitting-moves.ts): nothing more can be saved from here. Called once, with the
   * server's sentence; uploads stop, and the page has no work left to ask about before leaving.
   */
  onMovedAway?: (message: string) => void;
}

export interface ServerExamHost extends ExamHost {
  sitting: SittingView;
  /** Uploads the saves of this sitting not yet on the server: left by an earlier page, or failed in this one. */
  resumeUnsent(): void;
  /** An upload is under way, or a failed one waits to be tried again: the server lacks the latest work. */
  hasWorkNotOnServer(): boolean;
  /** Starts no upload from now on (later saves stay unsent, for the tab that goes on); resolves once the uploads running have ended. */
  stepAside(): Promise<void>;
}

export function serverExamHost(token: CandidateToken, sitting: SittingView, options: ServerHostOptions = {}): ServerExamHost {
  const clock = serverClock(sitting.serverNow);
  const tokenNow = () => options.latestToken?.() ?? token;
  const running = new Map<string, Promise<void>>();
  /** The save each task's running upload sends, and the newer one waiting for it to end. */
  const sending = new Map<string, SavedTask>();
  const waiting = new Map<string, SavedTask>();
  const sent = (saved: SavedTask) => options.storage && markSent(options.storage, token.session, saved);
  const retry = retrySchedule(5_000, 60_000);
  const outcomes = new Map<string, UploadOutcome>();
  /** Set once the bundle went to the server: later saves (grading restores each task) are not uploads any more. */
  let delivered = false;
  /** Set once this tab steps aside for another: saves are left unsent, for that tab. */
  let steppingAside = false;
  /** Set once the server says the sitting moved to another browser. */
  let movedAway = false;

  /** A refusal that says the sitting moved: stop uploading, and tell the page once. */
  function noteMovedAway(error: unknown): void {
    if (!(error instanceof ExamServerError) || error.code !== 'sitting-moved' || movedAway) return;
    movedAway = true;
    steppingAside = true;
    retry.cancel();
    options.onMovedAway?.(error.message);
  }

  /** Each task's last outcome, in task order, and when the next try is if one failed. */
  function report(taskId: string, outcome: UploadOutcome | undefined): void {
    if (outcome) outcomes.set(taskId, outcome);
    else outcomes.delete(taskId);
    options.onStatus?.(uploadStatus(outcomes.values(), retry.pending()));
  }

  /** Uploads one save; `before` is the task's outcome before it, which stands again if there is nothing to send. */
  async function upload(saved: SavedTask, before: UploadOutcome | undefined): Promise<void> {
    const state = await loadGzippedExerciseState(saved.key);
    if (!state) {
      sent(saved);
      return report(saved.taskId, before);
    }
    try {
      const answer = await uploadTaskState(tokenNow(), saved.taskId, state, { imageBuild: options.imageBuild, answers: saved.answers }, options.base);
      sent(saved);
      retry.succeeded();
      clock.update(answer.serverNow);
      const savedAt = clockTime(new Date(answer.savedAt).toISOString());
      report(saved.taskId, savedOutcome(saved.taskLabel, savedAt));
    } catch (error) {
      // Refused (time over, submitted): sending the same save again cannot help. Unreachable or failing: tried again later.
      noteMovedAway(error);
      const refused = error instanceof ExamServerError && error.status >= 400 && error.status < 500;
      if (refused) sent(saved);
      else if (options.storage && !steppingAside && !delivered) retry.after(resumeUnsent);
      const offline = error instanceof ExamServerError && error.status === 0;
      const why = error instanceof Error ? error.message : String(error);
      report(saved.taskId, failedOutcome(saved.taskLabel, why, { offline, savedAt: outcomes.get(saved.taskId)?.savedAt }));
    }
  }

  function taskSaved(saved: SavedTask): Promise<void> {
    if (delivered) return Promise.resolve();
    if (options.storage) markUnsent(options.storage, token.session, saved);
    if (steppingAside) return Promise.resolve();
    if (running.has(saved.taskId)) {
      // The same save again (a retry while its upload runs) needs no second upload.
      if (sending.get(saved.taskId)?.savedAt !== saved.savedAt) waiting.set(saved.taskId, saved);
      return running.get(saved.taskId)!;
    }
    const run = (async () => {
      let next: SavedTask | undefined = saved;
      while (next) {
        waiting.delete(next.taskId);
        sending.set(next.taskId, next);
        const before = outcomes.get(next.taskId);
        report(next.taskId, sendingOutcome(next.taskLabel, before));
        await upload(next, before);
        next = steppingAside ? undefined : waiting.get(saved.taskId);
      }
    })().finally(() => {
      running.delete(saved.taskId);
      sending.delete(saved.taskId);
    });
    running.set(saved.taskId, run);
    return run;
  }

  function resumeUnsent(): void {
    if (!options.storage || delivered || steppingAside) return;
    retry.cancel();
    if (sitting.submittedAt !== null) return forgetUnsent(options.storage, token.session);
    for (const saved of unsentSaves(options.storage, token.session, sitting.seed)) void taskSaved(saved);
  }

  return {
    sitting,
    now: () => clock.now(),
    taskSaved,
    resumeUnsent,
    hasWorkNotOnServer: () => !movedAway && (running.size > 0 || retry.pending() !== undefined),
    async stepAside() {
      steppingAside = true;
      retry.cancel();
      while (running.size > 0) await Promise.all(running.values());
    },
    async deliver(bundle) {
      delivered = true;
      retry.cancel();
      try {
        const answer = await submitBundle(tokenNow(), bundle, options.base);
        if (options.storage) forgetUnsent(options.storage, token.session);
        clock.update(answer.serverNow);
        const message = `Submitted to the exam server at ${clockTime(new Date(answer.submittedAt).toISOString())}. Nothing to download: your instructor has your results, and the score that counts is the server's re-grade.`;
        options.onStatus?.({ kind: 'submitted', message, summary: 'Submitted to the exam server' });
        return message;
      } catch (error) {
        noteMovedAway(error);
        const message = error instanceof ExamServerError ? `The exam server refused this submission: ${error.message}` : `The submission failed: ${String(error)}`;
        options.onStatus?.({ kind: 'refused', message, summary: 'The exam server refused the submission' });
        return message;
      }
    },
  };
}
