/**
 * A grade report's checks as list items, the same in a lesson's exercise and an exam's final
 * report (styles: src/styles/exercise.css): an icon, the check's title, its status in words
 * for screen readers, the message, and for a failure what was expected and found (unless that
 * adds nothing to the message: foundLineAddsNothing).
 */
import { foundLineAddsNothing, type CheckResult } from '../grading/report.ts';

const ICONS: Record<string, string> = { pass: '✓', fail: '✗', skip: '–', error: '!' };
const STATUS_WORDS: Record<string, string> = { pass: 'passed', fail: 'failed', skip: 'skipped', error: 'error' };

export interface CheckItemOptions {
  /** Tag the checks that held in the start state ("given"): an exam's report, where they earn no points. */
  markGiven?: boolean;
}

export function checkItems(checks: readonly CheckResult[], options: CheckItemOptions = {}): HTMLLIElement[] {
  return checks.map((check) => {
    const item = document.createElement('li');
    item.className = 'exercise-check';
    item.dataset.status = check.status;
    item.dataset.checkId = check.id;
    const icon = document.createElement('span');
    icon.className = 'exercise-check-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = ICONS[check.status] ?? '?';
    const title = document.createElement('span');
    title.className = 'exercise-check-title';
    title.textContent = check.title;
    const word = document.createElement('span');
    word.className = 'sr-only';
    word.textContent = ` (${STATUS_WORDS[check.status] ?? check.status})`;
    const message = document.createElement('p');
    message.className = 'exercise-check-message';
    message.textContent = check.message;
    if (options.markGiven && check.given) {
      const tag = document.createElement('span');
      tag.className = 'exercise-check-given';
      tag.textContent = 'given';
      tag.title = 'True when the task was set up: keeping it earns no points, breaking it costs its points.';
      title.append(' ', tag);
    }
    item.append(icon, title, word, message);
    if (check.status === 'fail' && (check.expected !== undefined || check.actual !== undefined) && !foundLineAddsNothing(check)) {
      const detail = document.createElement('p');
      detail.className = 'exercise-check-detail';
      detail.textContent = `Expected ${check.expected ?? '(see above)'}, found ${check.actual ?? 'nothing'}.`;
      item.append(detail);
    }
    return item;
  });
}

/** A check of every kind the report draws, for laying out its fonts ahead of the first report. */
const SAMPLE_CHECKS: CheckResult[] = [
  { id: 'sample-pass', title: 'Sample check', status: 'pass', message: 'Sample message.', weight: 1 },
  { id: 'sample-fail', title: 'Sample check', status: 'fail', message: 'Sample message.', expected: '`sample`', actual: '`sample`', weight: 1 },
  { id: 'sample-skip', title: 'Sample check', status: 'skip', message: 'Sample message.', weight: 1 },
  { id: 'sample-error', title: 'Sample check', status: 'error', message: 'Sample message.', weight: 1 },
];

let reportFontsResolved = false;

/**
 * Lays out a hidden copy of `report` (a report's container, as the page has it before any
 * report) filled with a check of every status, then removes it, once per page. On Linux,
 * chromium asks its browser process for each font size and weight a page first uses,
 * synchronously, during layout: the first real report's layout waited 335 ms for it in a
 * trace. Done while the learner reads the task, the first report finds its fonts resolved.
 */
export function resolveReportFonts(report: HTMLElement): void {
  if (reportFontsResolved || !report.parentElement) return;
  reportFontsResolved = true;
  const sample = report.cloneNode(true) as HTMLElement;
  for (const part of sample.querySelectorAll<HTMLElement>('[data-part]')) {
    part.hidden = false;
    part.removeAttribute('data-part'); // nothing that looks for the real report finds the sample
  }
  sample.removeAttribute('data-part');
  sample.removeAttribute('aria-live');
  sample.setAttribute('aria-hidden', 'true');
  sample.hidden = false;
  sample.style.cssText = 'visibility:hidden;position:absolute;inset-inline:0;pointer-events:none';
  for (const summary of sample.querySelectorAll<HTMLElement>('.exercise-summary')) {
    summary.dataset.status = 'fail';
    summary.textContent = 'Not yet: 1 of 4 checks pass. Score 1/4.';
  }
  for (const notice of sample.querySelectorAll<HTMLElement>('.exercise-notice')) notice.textContent = 'Sample notice.';
  for (const list of sample.querySelectorAll<HTMLElement>('.exercise-checks')) list.replaceChildren(...checkItems(SAMPLE_CHECKS));
  report.after(sample);
  sample.getBoundingClientRect(); // the layout that resolves the fonts
  sample.remove();
}
