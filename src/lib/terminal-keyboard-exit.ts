/**
 * The documented way out of the terminal for keyboard users (WCAG 2.1.2, no keyboard trap):
 * xterm keeps Tab for the shell, so **Esc then Tab** moves focus to the next element after
 * the terminal and **Esc then Shift+Tab** to the one before it (the browser's own tab order).
 *
 * Esc itself still belongs to the guest (vi, less, nano and readline use it), so an Esc is
 * held back for a moment instead of being sent at once:
 * - Tab or Shift+Tab next: the Esc is dropped (the guest never sees it) and the browser
 *   moves focus as it does for Tab anywhere else;
 * - any other key, a paste or other input next: the Esc is sent first, then that input, so
 *   the guest receives both in the order they were typed;
 * - nothing within ESCAPE_HOLD_MS: the Esc is sent on its own, that much later.
 * Modifier keys alone (pressing Shift on the way to Shift+Tab) do not end the wait.
 */

/** How long an Esc waits for a Tab. Long enough for an unhurried Esc, Tab; an Esc alone arrives this late. */
export const ESCAPE_HOLD_MS = 1000;

const ESC = '\x1b';
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

/** The id of the on-screen hint (TerminalPanel.astro); the terminal's input points at it with aria-describedby. */
export const KEYBOARD_EXIT_HINT_ID = 'terminal-keys-hint';

/** The parts of a KeyboardEvent the decision reads. */
export type KeyInput = Pick<KeyboardEvent, 'type' | 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>;

export class KeyboardExit {
  private holdTimer?: ReturnType<typeof setTimeout>;

  /** `send` delivers input to the guest, as the terminal's own input does. */
  constructor(private readonly send: (data: string) => void) {}

  /** Whether an Esc is being held back now. */
  get holding(): boolean {
    return this.holdTimer !== undefined;
  }

  /**
   * For xterm's attachCustomKeyEventHandler: false when the key is handled here (xterm must
   * not turn it into terminal input), true to let xterm process it as usual.
   */
  handleKey(event: KeyInput): boolean {
    if (event.type !== 'keydown') return true;
    if (event.key === 'Escape' && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey) {
      this.flush();
      this.holdTimer = setTimeout(() => this.flush(), ESCAPE_HOLD_MS);
      return false;
    }
    if (!this.holding || MODIFIER_KEYS.has(event.key)) return true;
    if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey) {
      // Leaving: drop the Esc and leave the default action (focus moves) to the browser.
      this.drop();
      return false;
    }
    this.flush();
    return true;
  }

  /** Sends a held Esc now; call before any other input reaches the guest. */
  flush(): void {
    if (!this.holding) return;
    this.drop();
    this.send(ESC);
  }

  dispose(): void {
    this.drop();
  }

  private drop(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
  }
}
