/** The Esc-then-Tab decision: what reaches the guest, what xterm may process, and when. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ESCAPE_HOLD_MS, KeyboardExit, type KeyInput } from '../../src/lib/terminal-keyboard-exit.ts';

const keydown = (key: string, modifiers: Partial<KeyInput> = {}): KeyInput => ({ type: 'keydown', key, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...modifiers });

let sent: string[];
let exit: KeyboardExit;
beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  exit = new KeyboardExit((data) => sent.push(data));
});
afterEach(() => {
  exit.dispose();
  vi.useRealTimers();
});

describe('Esc then Tab', () => {
  it('drops the Esc and leaves Tab to the browser, so focus moves and the guest sees nothing', () => {
    expect(exit.handleKey(keydown('Escape'))).toBe(false);
    expect(exit.handleKey(keydown('Tab'))).toBe(false);
    vi.advanceTimersByTime(ESCAPE_HOLD_MS * 2);
    expect(sent).toEqual([]);
    expect(exit.holding).toBe(false);
  });

  it('does the same for Shift+Tab, with Shift pressed in between', () => {
    exit.handleKey(keydown('Escape'));
    expect(exit.handleKey(keydown('Shift', { shiftKey: true }))).toBe(true);
    expect(exit.handleKey(keydown('Tab', { shiftKey: true }))).toBe(false);
    vi.advanceTimersByTime(ESCAPE_HOLD_MS * 2);
    expect(sent).toEqual([]);
  });

  it('lets Tab alone through to the shell (completion)', () => {
    expect(exit.handleKey(keydown('Tab'))).toBe(true);
    expect(sent).toEqual([]);
  });
});

describe('Esc for the guest', () => {
  it('sends a lone Esc once the hold ends', () => {
    exit.handleKey(keydown('Escape'));
    vi.advanceTimersByTime(ESCAPE_HOLD_MS - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['\x1b']);
  });

  it('sends the Esc before the next key, at once, and lets xterm process that key', () => {
    exit.handleKey(keydown('Escape'));
    vi.advanceTimersByTime(100);
    expect(exit.handleKey(keydown(':'))).toBe(true);
    expect(sent).toEqual(['\x1b']);
    vi.advanceTimersByTime(ESCAPE_HOLD_MS * 2);
    expect(sent).toEqual(['\x1b']);
  });

  it('sends a held Esc when other input (a paste) comes first', () => {
    exit.handleKey(keydown('Escape'));
    exit.flush();
    expect(sent).toEqual(['\x1b']);
  });

  it('sends both of two Escs', () => {
    exit.handleKey(keydown('Escape'));
    exit.handleKey(keydown('Escape'));
    expect(sent).toEqual(['\x1b']);
    vi.advanceTimersByTime(ESCAPE_HOLD_MS);
    expect(sent).toEqual(['\x1b', '\x1b']);
  });

  it('leaves Esc with a modifier, and key releases, to xterm', () => {
    expect(exit.handleKey(keydown('Escape', { ctrlKey: true }))).toBe(true);
    expect(exit.handleKey({ ...keydown('Escape'), type: 'keyup' })).toBe(true);
    expect(exit.holding).toBe(false);
  });

  it('ends the Esc with Ctrl+Tab instead of leaving', () => {
    exit.handleKey(keydown('Escape'));
    expect(exit.handleKey(keydown('Tab', { ctrlKey: true }))).toBe(true);
    expect(sent).toEqual(['\x1b']);
  });
});
