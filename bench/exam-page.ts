/**
 * What the exam benchmarks (exam-tab-move, exam-computer-move) share: an exam session on a
 * classroom server in this process (SQLite, the built site), chromium, and the steps a candidate
 * takes on the sit page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { configFromEnv } from '../src/server/config.ts';
import { examLinks } from '../src/server/services/exam-links.ts';
import { openExamSession } from '../src/server/services/exam-sessions.ts';
import { createInstructor } from '../src/server/services/instructors.ts';
import { startServer, type RunningServer } from '../src/server/server.ts';
import { CHROMIUM_ARGS, PROMPT } from '../tests/e2e/support/browser.ts';
import { browserStateSha256, serverStateSha256 } from '../tests/e2e/support/exam-states.ts';

export interface ExamBench {
  server: RunningServer;
  teacherId: number;
  /** The session's code. */
  session: string;
  sitUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A server with one exam session of foundations-practical, and chromium. */
export async function startExamBench(name: string, minutes: number): Promise<ExamBench> {
  const dataDir = mkdtempSync(join(tmpdir(), `stacklab-bench-${name}-`));
  const server = await startServer({ ...configFromEnv({}), port: 0, dataDir }, { siteRoot: join(import.meta.dirname, '../dist') });
  const teacher = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
  const session = (await openExamSession(server.ctx, teacher.id, { exam: 'foundations-practical', minutes })).code;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const close = async () => {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { server, teacherId: teacher.id, session, sitUrl: examLinks(server.url, session).sitUrl, browser, close };
}

/** A browser context as a candidate's: no service worker, a laptop's window. */
export const newCandidateContext = (browser: Browser) => browser.newContext({ serviceWorkers: 'block', viewport: { width: 1300, height: 800 } });

export const promptShown = (page: Page, timeout = 180_000) =>
  page.waitForFunction((prompt) => document.querySelector('.terminal-host .xterm-rows')?.textContent?.includes(prompt), PROMPT, { timeout });

/** Waits until the exam's status line matches `pattern`. */
export const examStatus = (page: Page, pattern: RegExp, timeout = 180_000) =>
  page.waitForFunction(
    ([source, flags]) => new RegExp(source!, flags).test(document.querySelector('stacklab-exam [data-part="status"]')?.textContent ?? ''),
    [pattern.source, pattern.flags],
    { timeout },
  );

/** Waits until the line under the exam (#exam-session-status, the server's part) matches `pattern`. */
export const serverLine = (page: Page, pattern: RegExp, timeout = 180_000) =>
  page.waitForFunction(([source, flags]) => new RegExp(source!, flags).test(document.querySelector('#exam-session-status')?.textContent ?? ''), [pattern.source, pattern.flags], { timeout });

/** Waits until a row of the terminal reads `text`. */
export const terminalRow = (page: Page, text: string, timeout = 120_000) =>
  page.waitForFunction((wanted) => [...document.querySelectorAll('.terminal-host .xterm-rows > div')].some((r) => r.textContent?.trim() === wanted), text, { timeout });

/** Starts a sitting as `candidate` on the sit page and waits for its first task's set-up and prompt. */
export async function startSitting(page: Page, sitUrl: string, candidate: string, promptTimeout = 180_000): Promise<void> {
  await page.goto(sitUrl);
  await page.locator('#exam-session-form input[name="name"]').fill(candidate);
  await page.locator('#exam-session-form button[type="submit"]').click();
  await examStatus(page, /is set up|set up again from its start/);
  await promptShown(page, promptTimeout);
}

/** Types `command` and Enter into the terminal, and waits for a row reading `output`. */
export async function runCommand(page: Page, command: string, output: string): Promise<void> {
  await page.locator('.terminal-host .xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await terminalRow(page, output);
}

/** Resolves once the server holds the state of task `cable` this browser holds, checking every `everyMs`. */
export async function serverHoldsBrowserCopy(bench: ExamBench, page: Page, candidate: string, everyMs: number): Promise<void> {
  while ((await serverStateSha256(bench.server.ctx, candidate, 'cable')) !== (await browserStateSha256(page, 'cable'))) await new Promise((r) => setTimeout(r, everyMs));
}
