/**
 * <stacklab-show-terminal>: its button brings the terminal into view (expanding it on
 * narrow screens) and puts the keyboard focus in it.
 */
export const SHOW_TERMINAL_EVENT = 'stacklab:show-terminal';

export class ShowTerminalElement extends HTMLElement {
  private readonly show = () => window.dispatchEvent(new CustomEvent(SHOW_TERMINAL_EVENT));

  connectedCallback(): void {
    this.querySelector('button')?.addEventListener('click', this.show);
  }

  disconnectedCallback(): void {
    this.querySelector('button')?.removeEventListener('click', this.show);
  }
}
