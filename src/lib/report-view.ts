/**
 * A grade report's checks as list items, the same in a lesson's exercise and an exam's final
 * report (styles: src/styles/exercise.css): an icon, the check's title, its status in words
 * for screen readers, the message, and for a failure what was expected and found.
 */
import type { CheckResult } from '../grading/report.ts';

const ICONS: Record<string, string> = { pass: '✓', fail: '✗', skip: '–', error: '!' };
const STATUS_WORDS: Record<string, string> = { pass: 'passed', fail: 'failed', skip: 'skipped', error: 'error' };

export function checkItems(checks: readonly CheckResult[]): HTMLLIElement[] {
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
    item.append(icon, title, word, message);
    if (check.status === 'fail' && (check.expected !== undefined || check.actual !== undefined)) {
      const detail = document.createElement('p');
      detail.className = 'exercise-check-detail';
      detail.textContent = `Expected ${check.expected ?? '(see above)'}, found ${check.actual ?? 'nothing'}.`;
      item.append(detail);
    }
    return item;
  });
}
