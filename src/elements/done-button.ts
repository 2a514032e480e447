/** <stacklab-done-button lesson="id">: marks the lesson done (or not) in the progress store. */
import { progressStore } from '../lib/browser-progress.ts';

export class DoneButtonElement extends HTMLElement {
  private unsubscribe?: () => void;
  private readonly toggle = () => {
    const store = progressStore();
    if (store.isDone(this.lesson)) store.markNotDone(this.lesson);
    else store.markDone(this.lesson);
  };

  private get lesson(): string {
    return this.getAttribute('lesson') ?? '';
  }

  connectedCallback(): void {
    const store = progressStore();
    this.querySelector('button')?.addEventListener('click', this.toggle);
    this.unsubscribe = store.subscribe(() => this.render());
    this.render();
  }

  disconnectedCallback(): void {
    this.querySelector('button')?.removeEventListener('click', this.toggle);
    this.unsubscribe?.();
  }

  private render(): void {
    const store = progressStore();
    const done = store.isDone(this.lesson);
    const button = this.querySelector('button');
    if (button) {
      button.setAttribute('aria-pressed', String(done));
      button.textContent = done ? 'Done ✓ (press to undo)' : 'Mark as done';
    }
    const note = this.querySelector('[data-storage-note]');
    if (note) note.textContent = store.storageProblem ?? '';
  }
}
