/** <stacklab-theme-toggle>: its button flips the theme; aria-pressed shows whether it is dark. */
import { currentTheme, toggleTheme } from '../lib/theme.ts';

export class ThemeToggleElement extends HTMLElement {
  private readonly sync = () => this.button?.setAttribute('aria-pressed', String(currentTheme() === 'dark'));

  private get button(): HTMLButtonElement | null {
    return this.querySelector('button');
  }

  connectedCallback(): void {
    this.sync();
    this.button?.addEventListener('click', toggleTheme);
    window.addEventListener('stacklab:theme', this.sync);
  }

  disconnectedCallback(): void {
    this.button?.removeEventListener('click', toggleTheme);
    window.removeEventListener('stacklab:theme', this.sync);
  }
}
