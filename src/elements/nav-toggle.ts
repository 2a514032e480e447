/**
 * <stacklab-nav-toggle target="id">: its button opens and closes the course contents
 * drawer (on screens too narrow to show it beside the lesson). Escape closes it.
 */
export class NavToggleElement extends HTMLElement {
  private get button(): HTMLButtonElement | null {
    return this.querySelector('button');
  }

  private get target(): HTMLElement | null {
    return document.getElementById(this.getAttribute('target') ?? '');
  }

  private readonly toggle = () => this.setOpen(this.button?.getAttribute('aria-expanded') !== 'true');
  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.button?.getAttribute('aria-expanded') === 'true') {
      this.setOpen(false);
      this.button?.focus();
    }
  };

  connectedCallback(): void {
    this.button?.addEventListener('click', this.toggle);
    document.addEventListener('keydown', this.onKey);
    this.setOpen(false);
  }

  disconnectedCallback(): void {
    this.button?.removeEventListener('click', this.toggle);
    document.removeEventListener('keydown', this.onKey);
  }

  private setOpen(open: boolean): void {
    this.button?.setAttribute('aria-expanded', String(open));
    this.target?.toggleAttribute('data-open', open);
  }
}
