/**
 * <stacklab-divider>: the bar between lesson text and terminal. Drag it, or focus it and
 * use the arrow keys (Shift for bigger steps), Home and End. The split is saved.
 * The split is the CSS variable --lesson-share on <html>, which the page head restores.
 */
import { readPreferences, writePreferences } from '../lib/preferences.ts';

const MIN = 25;
const MAX = 75;

export class PaneDividerElement extends HTMLElement {
  private share = readPreferences().split;

  connectedCallback(): void {
    this.setAttribute('role', 'separator');
    this.setAttribute('tabindex', '0');
    this.setAttribute('aria-orientation', 'vertical');
    this.setAttribute('aria-valuemin', String(MIN));
    this.setAttribute('aria-valuemax', String(MAX));
    this.share = readPreferences().split;
    this.apply(this.share);
    this.addEventListener('pointerdown', this.onPointerDown);
    this.addEventListener('keydown', this.onKeyDown);
  }

  disconnectedCallback(): void {
    this.removeEventListener('pointerdown', this.onPointerDown);
    this.removeEventListener('keydown', this.onKeyDown);
  }

  private readonly onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.preventDefault();
    this.setPointerCapture(event.pointerId);
    document.documentElement.dataset.resizing = '';
    const move = (e: PointerEvent) => this.apply(this.shareAt(e.clientX));
    const stop = () => {
      this.removeEventListener('pointermove', move);
      this.removeEventListener('pointerup', stop);
      this.removeEventListener('pointercancel', stop);
      delete document.documentElement.dataset.resizing;
      writePreferences({ split: this.share });
    };
    this.addEventListener('pointermove', move);
    this.addEventListener('pointerup', stop);
    this.addEventListener('pointercancel', stop);
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 10 : 2;
    const next: Record<string, number> = {
      ArrowLeft: this.share - step,
      ArrowRight: this.share + step,
      Home: MIN,
      End: MAX,
    };
    const value = next[event.key];
    if (value === undefined) return;
    event.preventDefault();
    this.apply(value);
    writePreferences({ split: this.share });
  };

  /** The lesson's share of the split area if the divider were at clientX. */
  private shareAt(clientX: number): number {
    const area = this.parentElement?.getBoundingClientRect();
    if (!area || area.width === 0) return this.share;
    return ((clientX - area.left) / area.width) * 100;
  }

  private apply(share: number): void {
    this.share = Math.round(Math.min(MAX, Math.max(MIN, share)));
    document.documentElement.style.setProperty('--lesson-share', `${this.share}%`);
    this.setAttribute('aria-valuenow', String(this.share));
    this.setAttribute('aria-valuetext', `Lesson ${this.share}%, terminal ${100 - this.share}%`);
  }
}
