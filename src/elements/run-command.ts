/**
 * <stacklab-run command="ip -br link">: its button types the command into the terminal,
 * visibly, by sending a 'stacklab:run' event that the terminal pane handles.
 */
import { dispatch } from '../lib/events.ts';

/** Asks the terminal pane to type `command` and press Enter. */
export function requestRun(command: string): void {
  dispatch('stacklab:run', { command });
}

export class RunCommandElement extends HTMLElement {
  private readonly onClick = () => {
    const command = this.getAttribute('command');
    if (command) requestRun(command);
  };

  connectedCallback(): void {
    this.querySelector('button')?.addEventListener('click', this.onClick);
  }

  disconnectedCallback(): void {
    this.querySelector('button')?.removeEventListener('click', this.onClick);
  }
}
