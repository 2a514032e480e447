/**
 * What an exam sitting needs from the world around it, as one small interface, so a sitting
 * can run on its own in the browser (today) or for a server (the clock from the server, each
 * autosaved task state uploaded, the bundle submitted instead of downloaded) with the same
 * element and the same phases (src/lib/exam-phase.ts):
 *
 * - now(): the clock the deadline is measured by (start, countdown, submission time);
 * - taskSaved(saved): a task's VM state was just autosaved in this browser (IndexedDB, under
 *   saved.key); read it with loadExerciseState(saved.key) to send it somewhere;
 * - deliver(bundle): the graded sitting's results bundle is finished; returns the sentence
 *   the candidate reads about where it went.
 *
 * localExamHost() is today's behaviour: the browser's clock, states kept only in this
 * browser, the bundle downloaded as a file. <stacklab-exam> takes its host from the `host`
 * property (set it before the element is connected), and uses localExamHost() without one.
 *
 * @example
 * const element = document.querySelector('stacklab-exam');
 * element.host = { now: () => serverNow(), taskSaved: upload, deliver: submitToServer };
 */
import type { Bundle } from '../exams/schema.ts';
import { z } from 'zod';
import { answersSchema } from '../exercises/answers.ts';
import { formatBytes } from './format-bytes.ts';

export const savedTaskSchema = z.object({
  examId: z.string(),
  seed: z.string(),
  taskId: z.string(),
  /** How the candidate's page names the task ("Task 2"), for messages about it. */
  taskLabel: z.string(),
  /** The IndexedDB key of its VM state (taskStateKey). */
  key: z.string(),
  savedAt: z.string(),
  /** An answer exercise's answers as typed so far; they travel with the task's state. */
  answers: answersSchema.optional(),
});
export type SavedTask = z.infer<typeof savedTaskSchema>;

export interface ExamHost {
  /** Epoch milliseconds now, by the clock the sitting's deadline is measured by. */
  now(): number;
  /** A task's VM state was autosaved in this browser. Never rejects the sitting: a failure is the host's to report. */
  taskSaved(saved: SavedTask): Promise<void>;
  /** Hands the finished bundle over; resolves with what the candidate is told. */
  deliver(bundle: Bundle): Promise<string>;
  /** Lets go of what delivering kept (an object URL), when the bundle is forgotten or the page left. */
  dispose?(): void;
}

/** The browser's clock, nothing uploaded, the bundle downloaded (one object URL per bundle, reused on a second click). */
export function localExamHost(): ExamHost {
  let made: { bundle: Bundle; url: string; name: string; size: number } | undefined;
  return {
    now: () => Date.now(),
    taskSaved: async () => {},
    async deliver(bundle) {
      if (made?.bundle !== bundle) {
        const { bundleFileName } = await import('./exam-results.ts');
        if (made) URL.revokeObjectURL(made.url);
        const blob = new Blob([JSON.stringify(bundle)], { type: 'application/json' });
        made = { bundle, url: URL.createObjectURL(blob), name: bundleFileName(bundle), size: blob.size };
      }
      const link = document.createElement('a');
      link.href = made.url;
      link.download = made.name;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      return `Downloaded ${made.name} (${formatBytes(made.size)}). Hand this file to your instructor.`;
    },
    dispose() {
      if (made) URL.revokeObjectURL(made.url);
      made = undefined;
    },
  };
}
