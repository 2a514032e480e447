/**
 * Debian's chromium driven by playwright-core, and helpers for the lesson page:
 * the terminal's text, waiting for the prompt, typing into the terminal.
 */
import { chromium, type Browser, type BrowserContextOptions, type Dialog, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PROMPT = 'root@stacklab';
export const LESSON_ONE = 'lessons/translation-table/';
export const LESSON_TWO = 'lessons/namespaces-as-vrfs/';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.STACKLAB_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export function siteUrl(path = ''): string {
  return new URL(path, inject('siteUrl')).href;
}

/** Fails (never skips) when the site was built without the VM image. */
export function requireVmImage(): void {
  if (!inject('vmImageBuilt')) {
    throw new Error('The VM image is missing (public/vm/state.json). Run "npm run build:image", then run the e2e tests again; they rebuild the site.');
  }
}

export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return page;
}

/**
 * Starts chromium for the test file (after checking the VM image, when the tests need the VM)
 * and closes it at the end; returns a function that opens a page in a fresh context.
 */
export function useChromium(options: { needsVm: boolean }): (context?: BrowserContextOptions) => Promise<Page> {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (options.needsVm) requireVmImage();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return (context = {}) => {
    if (!browser) throw new Error('chromium is not running: call the page opener inside a test or a hook');
    return newPage(browser, context);
  };
}

/** What the terminal shows on screen now. */
export function terminalText(page: Page): Promise<string> {
  return page.locator('.terminal-host .xterm-rows').innerText().catch(() => '');
}

export async function waitForPrompt(page: Page, timeout = 60_000): Promise<void> {
  await expect.poll(() => terminalText(page), { timeout, interval: 250, message: `the terminal never showed "${PROMPT}"` }).toContain(PROMPT);
}

/** Types a command into the terminal as a learner would, and presses Enter. */
export async function typeCommand(page: Page, command: string): Promise<void> {
  await page.locator('.terminal-host .xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/**
 * Reloads `page` as a person would, answering the browser's "Leave site?" question, if it
 * comes, with Stay or Leave. Says whether the page asked, and whether it is still the same
 * document (it stayed).
 */
export async function reloadAnswering(page: Page, answer: 'stay' | 'leave'): Promise<{ asked: boolean; stayed: boolean }> {
  let asked = false;
  const onDialog = (dialog: Dialog) => {
    if (dialog.type() !== 'beforeunload') return;
    asked = true;
    void (answer === 'stay' ? dialog.dismiss() : dialog.accept());
  };
  page.on('dialog', onDialog);
  try {
    await page.evaluate(() => Object.assign(window, { beforeThisReload: true }));
    // page.reload() would wait for a navigation that Stay cancels.
    if (answer === 'stay') await page.evaluate(() => location.reload()).catch(() => undefined);
    else await page.reload();
  } finally {
    page.off('dialog', onDialog);
  }
  const stayed = await page.evaluate(() => 'beforeThisReload' in window).catch(() => false);
  return { asked, stayed };
}

export async function waitForTerminalText(page: Page, text: string | RegExp, timeout = 20_000): Promise<void> {
  await expect.poll(() => terminalText(page), { timeout, interval: 200 }).toMatch(typeof text === 'string' ? new RegExp(escape(text)) : text);
}

/** The element is wholly in sight: within the window and within the pane that scrolls it (the lesson or exam text), if any. */
export function inSight(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const pane = element.closest('.lesson-pane')?.getBoundingClientRect() ?? { top: 0, bottom: window.innerHeight };
    return box.height > 0 && box.top >= Math.max(0, pane.top) && box.bottom <= Math.min(window.innerHeight, pane.bottom);
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * How long a move to another page may take in a functional test: the emulator shares the
 * page's thread, and a guest still busy (a warm-up round in flight) slows the move.
 */
export const NAVIGATION = { timeout: 5_000 };
