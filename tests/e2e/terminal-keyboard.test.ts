/**
 * The terminal is no keyboard trap (WCAG 2.1.2): Esc then Tab leaves it forwards, Esc then
 * Shift+Tab backwards, as the hint under it says, and the guest never sees that Esc; an Esc
 * followed by anything else, or by nothing, still reaches the guest; Tab alone stays the shell's.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESCAPE_HOLD_MS } from '../../src/lib/terminal-keyboard-exit.ts';
import { LESSON_ONE, siteUrl, terminalText, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
  await page.goto(siteUrl(LESSON_ONE));
});

/** Has bash read one line of raw input (the tty, not readline) and print it quoted: an Esc shows as \E, a Tab as \t. */
async function readRawLine(): Promise<void> {
  await typeCommand(page, 'clear; echo reading-a-line; read -r line; printf "<%q>\\n" "$line"');
  await waitForTerminalText(page, /^reading-a-line$/m);
  // The echo shows before bash's read has the line: keys sent in that instant reached the shell
  // in readline's raw mode (no echo, CR kept) and the read never ended (seen in CI every time).
  await page.waitForTimeout(500);
}

const terminalInput = () => page.locator('.terminal-host .xterm-helper-textarea');

/** Where focus is now, relative to the terminal's input: inside it, or before/after it in the page, and what it is. */
function focusNow(): Promise<{ inTerminal: boolean; position: 'before' | 'after' | 'none'; action: string | null; text: string }> {
  return page.evaluate(() => {
    const active = document.activeElement;
    const host = document.querySelector('.terminal-host')!;
    if (!active || active === document.body) return { inTerminal: false, position: 'none' as const, action: null, text: '' };
    const following = host.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING;
    return {
      inTerminal: host.contains(active),
      position: following ? ('after' as const) : ('before' as const),
      action: active.getAttribute('data-action'),
      text: (active as HTMLElement).innerText.trim(),
    };
  });
}

describe('leaving the terminal with the keyboard', () => {
  it('shows how, next to the terminal, and gives it to screen readers as the input’s description', async () => {
    await waitForPrompt(page, 120_000);
    const hint = page.locator('.terminal-keys-hint');
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.innerText()).toMatch(/Esc then Tab leaves the terminal/);
    expect(await terminalInput().getAttribute('aria-describedby')).toBe(await hint.getAttribute('id'));
  });

  it('moves focus to the next element after the terminal on Esc then Tab', async () => {
    await terminalInput().focus();
    expect((await focusNow()).inTerminal).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    const focus = await focusNow();
    expect(focus).toMatchObject({ inTerminal: false, position: 'after' });
    // The next focusable element in the page: the topology panel's toggle under the terminal.
    expect(focus.text).toMatch(/Topology/);
  });

  it('moves focus to the toolbar before the terminal on Esc then Shift+Tab', async () => {
    await terminalInput().focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Tab');
    expect(await focusNow()).toMatchObject({ inTerminal: false, position: 'before', action: 'screen-reader' });
  });

  it('sends the guest neither the Esc nor the Tab that led out', async () => {
    await readRawLine();
    await page.keyboard.type('a');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect((await focusNow()).inTerminal).toBe(false);
    await terminalInput().focus();
    await page.keyboard.type('b');
    await page.keyboard.press('Enter');
    // The line holds only what was typed in the terminal; an Esc or Tab would show as \E or \t.
    await waitForTerminalText(page, /<\$?'?a[^>]*b'?>/);
    expect(await terminalText(page)).toMatch(/^<ab>$/m);
  });

  it('keeps Tab alone for the shell (completion)', async () => {
    await terminalInput().focus();
    await page.keyboard.type('ech');
    await page.keyboard.press('Tab');
    await page.keyboard.type('completed-by-tab');
    await page.keyboard.press('Enter');
    await waitForTerminalText(page, /^completed-by-tab$/m);
    expect((await focusNow()).inTerminal).toBe(true);
  });
});

describe('Esc for programs in the terminal', () => {
  it('reaches the guest, before the key that follows it', async () => {
    await readRawLine();
    await page.keyboard.press('Escape');
    await page.keyboard.type('x');
    await page.keyboard.press('Enter');
    await waitForTerminalText(page, /<\$'\\(E|e|033)x'>/);
    expect((await focusNow()).inTerminal).toBe(true);
  });

  it('reaches the guest on its own once the hold is over', async () => {
    await readRawLine();
    const pressed = Date.now();
    await page.keyboard.press('Escape');
    // The tty echoes the Esc as ^[ the moment it arrives, before any other key.
    await waitForTerminalText(page, /^\^\[\s*$/m, 30_000);
    const arrivedAfter = Date.now() - pressed;
    console.log(`a lone Esc reached the guest's echo ${arrivedAfter} ms after the key (held ${ESCAPE_HOLD_MS} ms)`);
    expect(arrivedAfter).toBeGreaterThanOrEqual(ESCAPE_HOLD_MS);
    await page.keyboard.type('y');
    await page.keyboard.press('Enter');
    await waitForTerminalText(page, /<\$'\\(E|e|033)y'>/);
  });
});
