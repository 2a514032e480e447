/**
 * <stacklab-show-terminal>: its button brings the terminal into view (expanding it on
 * narrow screens) and puts the keyboard focus in it.
 */
import { dispatch } from '../lib/events.ts';

export class ShowTerminalElement extends HTMLElement {
  private readonly show = () => dispatch('stacklab:show-terminal');

  connectedCallback(): void {
    this.querySelector('button')?.addEventListener('click', this.show);
  }

  disconnectedCallback(): void {
    this.querySelector('button')?.removeEventListener('click', this.show);
  }
}
