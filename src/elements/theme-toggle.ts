/** <stacklab-theme-toggle>: its button flips the theme; aria-pressed shows whether it is dark. */
import { listen } from '../lib/events.ts';
import { currentTheme, toggleTheme } from '../lib/theme.ts';

export class ThemeToggleElement extends HTMLElement {
  private offTheme?: () => void;
  private readonly sync = () => this.button?.setAttribute('aria-pressed', String(currentTheme() === 'dark'));

  private get button(): HTMLButtonElement | null {
    return this.querySelector('button');
  }

  connectedCallback(): void {
    this.sync();
    this.button?.addEventListener('click', toggleTheme);
    this.offTheme = listen('stacklab:theme', this.sync);
  }

  disconnectedCallback(): void {
    this.button?.removeEventListener('click', toggleTheme);
    this.offTheme?.();
  }
}
