/**
 * <stacklab-progress-marks>: sets data-done on every [data-lesson-id] inside it (sidebar,
 * course map) and keeps the marks current as progress changes.
 */
import { progressStore } from '../lib/browser-progress.ts';

export class ProgressMarksElement extends HTMLElement {
  private unsubscribe?: () => void;

  connectedCallback(): void {
    this.unsubscribe = progressStore().subscribe(() => this.render());
    this.render();
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private render(): void {
    const store = progressStore();
    for (const item of this.querySelectorAll<HTMLElement>('[data-lesson-id]')) {
      const done = store.isDone(item.dataset.lessonId ?? '');
      item.toggleAttribute('data-done', done);
      const label = item.querySelector('[data-done-label]');
      if (label) label.textContent = done ? ' (done)' : '';
    }
    const count = this.querySelector('[data-done-count]');
    if (count) count.textContent = String(this.querySelectorAll('[data-lesson-id][data-done]').length);
  }
}
