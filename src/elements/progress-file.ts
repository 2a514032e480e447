/**
 * <stacklab-progress-file>: exports progress as a JSON file and imports one back.
 * Expects a [data-export] button, a [data-import] file input and a [data-message] line.
 */
import { progressStore } from '../lib/browser-progress.ts';
import { messageOf } from '../lib/message-of.ts';

export class ProgressFileElement extends HTMLElement {
  private readonly exportFile = () => {
    const blob = new Blob([progressStore().exportJson()], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `stacklab-progress-${new Date().toISOString().slice(0, 10)}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    this.say('Progress exported. Keep the file to restore your marks in another browser.');
  };

  private readonly importFile = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const count = progressStore().importJson(await file.text());
      this.say(`Imported ${file.name}: ${count} lesson${count === 1 ? '' : 's'} marked done in that file.`);
    } catch (error) {
      this.say(`${file.name} was not imported. ${messageOf(error)}`);
    } finally {
      input.value = '';
    }
  };

  connectedCallback(): void {
    this.querySelector('[data-export]')?.addEventListener('click', this.exportFile);
    this.querySelector('[data-import]')?.addEventListener('change', this.importFile);
    const problem = progressStore().storageProblem;
    if (problem) this.say(problem);
  }

  disconnectedCallback(): void {
    this.querySelector('[data-export]')?.removeEventListener('click', this.exportFile);
    this.querySelector('[data-import]')?.removeEventListener('change', this.importFile);
  }

  private say(message: string): void {
    const line = this.querySelector('[data-message]');
    if (line) line.textContent = message;
  }
}
