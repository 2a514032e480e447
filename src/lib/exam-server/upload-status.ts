/**
 * The words of the sit page about its uploads to the exam server (host.ts keeps the outcomes):
 * the full line names every task's last upload, and the summary is the few words the exam bar
 * keeps in sight while the candidate scrolls down to type answers.
 *
 * A failed upload says what the server still has: the time it last saved that task, or that it
 * has nothing of it yet. Work the server lacks stands out on the page; work it has, does not.
 *
 * @example
 * uploadStatus([failedOutcome('Task 1', 'The exam server cannot be reached', { offline: true, savedAt: '10:02:11' })], 5000)
 * // { kind: 'save-failed', summary: 'Your latest work is not on the exam server yet; trying again',
 * //   message: 'Task 1 could not be saved on the exam server: The exam server cannot be reached. The exam server has your work on it from 10:02:11. Trying again in 5 s, or as soon as your connection is back.' }
 */

export type UploadKind = 'sending' | 'saved' | 'save-failed';

export interface HostStatus {
  kind: UploadKind | 'submitted' | 'refused';
  message: string;
  /** The same in a few words, for the exam bar. */
  summary: string;
}

/** A task's last upload as the status line tells it; `offline` when the server could not be reached. */
export interface UploadOutcome {
  label: string;
  failed: boolean;
  offline?: boolean;
  /** An upload of this task is under way. */
  sending?: boolean;
  /** When the server last saved this task, as a clock time. */
  savedAt?: string;
  text: string;
}

/** An upload begins: said beside the time the server last saved the task (`before`, its outcome until now), or as a retry of one that failed. */
export function sendingOutcome(label: string, before: UploadOutcome | undefined): UploadOutcome {
  const text = before?.failed
    ? `${label}: trying again to save it on the exam server…`
    : before?.savedAt
      ? `${label} saved on the exam server at ${before.savedAt}; sending newer work…`
      : `${label}: sending it to the exam server…`;
  return { label, failed: false, sending: true, savedAt: before?.savedAt, text };
}

export function savedOutcome(label: string, savedAt: string): UploadOutcome {
  return { label, failed: false, savedAt, text: `${label} saved on the exam server at ${savedAt}.` };
}

/** An upload failed (`why`); the server keeps what it last saved of the task (`savedAt`), if anything. */
export function failedOutcome(label: string, why: string, { offline = false, savedAt }: { offline?: boolean; savedAt?: string } = {}): UploadOutcome {
  const has = savedAt ? `The exam server has your work on it from ${savedAt}.` : 'The exam server has none of your work on it yet.';
  return { label, failed: true, offline, savedAt, text: `${label} could not be saved on the exam server: ${why.replace(/\.$/, '')}. ${has}` };
}

/** Every task's outcome in task order; failed if any task's last upload failed, and then when the next try is (`retryInMs`, if one is set). */
export function uploadStatus(outcomes: Iterable<UploadOutcome>, retryInMs: number | undefined): HostStatus {
  const all = [...outcomes].sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
  const failed = all.filter((outcome) => outcome.failed);
  const offline = all.some((outcome) => outcome.offline);
  const later = failed.length > 0 && retryInMs !== undefined ? ` Trying again in ${Math.round(retryInMs / 1000)} s${offline ? ', or as soon as your connection is back' : ''}.` : '';
  const message = all.map((outcome) => outcome.text).join(' ') + later;
  if (failed.length > 0) {
    const which = failed.length < all.length ? `${failed.map((outcome) => outcome.label).join(', ')}: your` : 'Your';
    return { kind: 'save-failed', message, summary: `${which} latest work is not on the exam server yet${later ? '; trying again' : ''}` };
  }
  if (all.some((outcome) => outcome.sending)) return { kind: 'sending', message, summary: 'Sending your work to the exam server…' };
  return { kind: 'saved', message, summary: all.length > 0 ? 'All your work is on the exam server' : '' };
}
