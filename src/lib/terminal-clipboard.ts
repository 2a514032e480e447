/**
 * Copy and paste for the terminal, the way terminal users expect them:
 * Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes, and a right click pastes
 * (or copies, when text is selected), as in PuTTY. Ctrl+C stays an interrupt.
 */
import type { IDisposable, Terminal } from '@xterm/xterm';

export interface ClipboardHooks {
  /** Tells the learner something about the clipboard (e.g. that the browser refused it). */
  notify: (message: string) => void;
}

export async function copySelection(terminal: Terminal, hooks: ClipboardHooks): Promise<void> {
  const text = terminal.getSelection();
  if (!text) return hooks.notify('Select text in the terminal first, then copy.');
  try {
    await navigator.clipboard.writeText(text);
    hooks.notify('Copied.');
  } catch {
    hooks.notify('The browser did not allow copying; use your browser\'s Copy command.');
  }
}

export async function pasteClipboard(terminal: Terminal, hooks: ClipboardHooks): Promise<void> {
  try {
    const text = await navigator.clipboard.readText();
    if (text) terminal.paste(text);
  } catch {
    hooks.notify('The browser did not allow reading the clipboard; press Ctrl+Shift+V in the terminal instead.');
  }
}

/**
 * The copy/paste keys, for xterm's attachCustomKeyEventHandler (false = handled here).
 * Ctrl+Shift+V is left to the browser, which fires its native paste event for xterm.
 */
export function clipboardKeyHandler(terminal: Terminal, hooks: ClipboardHooks): (event: KeyboardEvent) => boolean {
  return (event) => {
    if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
    const key = event.key.toLowerCase();
    if (key === 'c') {
      event.preventDefault(); // Ctrl+Shift+C would open the browser's element inspector.
      void copySelection(terminal, hooks);
      return false;
    }
    return key !== 'v';
  };
}

/** Wires the right click; dispose the result to remove it. */
export function attachClipboard(terminal: Terminal, host: HTMLElement, hooks: ClipboardHooks): IDisposable {
  const onContextMenu = (event: MouseEvent) => {
    event.preventDefault();
    if (terminal.hasSelection()) void copySelection(terminal, hooks);
    else void pasteClipboard(terminal, hooks);
  };
  host.addEventListener('contextmenu', onContextMenu);
  return { dispose: () => host.removeEventListener('contextmenu', onContextMenu) };
}
