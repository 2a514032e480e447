/**
 * <stacklab-run command="ip -br link">: its button types the command into the terminal,
 * visibly, by sending a 'stacklab:run' event that the terminal pane handles.
 */
export interface RunCommandDetail {
  command: string;
}

export const RUN_EVENT = 'stacklab:run';

/** Asks the terminal pane to type `command` and press Enter. */
export function requestRun(command: string): void {
  window.dispatchEvent(new CustomEvent<RunCommandDetail>(RUN_EVENT, { detail: { command } }));
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
