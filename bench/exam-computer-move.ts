/**
 * bench/exam-computer-move: how long a candidate on another computer waits for their exam when
 * the instructor's resume link opens it (src/lib/exam-server/take-up.ts), in chromium, against
 * the classroom server in this process (SQLite). Each round is a fresh candidate: the sitting
 * starts in a first browser, a command is typed and its task's state reaches the server. The
 * floor, measured in the same round: that browser reloads the sit page and resumes from its own
 * copy (what a reload costs, nothing to fetch). Then the sitting moves (the service the results
 * page's button calls) and a second browser context, with none of the first one's storage, opens
 * the link. Printed, median over the rounds: the wait from opening the page to the server's copy
 * taken up ("came from the exam server"), split at the state's request and its last byte, and
 * to the task's prompt on screen, against the floor's prompt; and the bytes fetched. The new
 * computer's browser has nothing cached: it downloads the site and the VM as a first visit does.
 *   npm run bench:exam-computer-move -- [--rounds 3]   (needs the built site: npx astro build)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { configFromEnv } from '../src/server/config.ts';
import { examLinks } from '../src/server/services/exam-links.ts';
import { openExamSession } from '../src/server/services/exam-sessions.ts';
import { createInstructor } from '../src/server/services/instructors.ts';
import { moveCandidateSitting } from '../src/server/services/sitting-moves.ts';
import { startServer } from '../src/server/server.ts';
import { CHROMIUM_ARGS, PROMPT } from '../tests/e2e/support/browser.ts';
import { browserStateSha256, serverStateSha256 } from '../tests/e2e/support/exam-states.ts';
import { median, row } from './stats.ts';

const rounds = Number(process.argv.includes('--rounds') ? process.argv[process.argv.indexOf('--rounds') + 1] : 3);
const dataDir = mkdtempSync(join(tmpdir(), 'stacklab-bench-computer-move-'));
const server = await startServer({ ...configFromEnv({}), port: 0, dataDir }, { siteRoot: join(import.meta.dirname, '../dist') });
const teacher = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
const session = (await openExamSession(server.ctx, teacher.id, { exam: 'foundations-practical', minutes: 60 })).code;
const { sitUrl } = examLinks(server.url, session);
const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
const newContext = () => browser.newContext({ serviceWorkers: 'block', viewport: { width: 1300, height: 800 } });

const promptShown = (page: Page) => page.waitForFunction((prompt) => document.querySelector('.terminal-host .xterm-rows')?.textContent?.includes(prompt), PROMPT, { timeout: 180_000 });
const backWhereLeft = (page: Page) => page.waitForFunction(() => /back where you left off/.test(document.querySelector('stacklab-exam [data-part="status"]')?.textContent ?? ''), undefined, { timeout: 180_000 });

interface Round {
  /** The first browser reloading the sit page, to its task's prompt (the floor). */
  reload: number;
  /** The second browser, from opening the link to the server's copy taken up. */
  takenUp: number;
  /** The same, to the task's prompt. */
  prompt: number;
  /** Gzipped bytes of the state fetched. */
  bytes: number;
  /** From opening the link to the state's request sent, and to its last byte received. */
  fetchSent: number;
  fetchDone: number;
}

async function moveOnce(round: number): Promise<Round> {
  const candidate = `Candidate ${round}`;
  const firstContext = await newContext();
  const first = await firstContext.newPage();
  await first.goto(sitUrl);
  await first.locator('#exam-session-form input[name="name"]').fill(candidate);
  await first.locator('#exam-session-form button[type="submit"]').click();
  await first.waitForFunction(() => /is set up|set up again from its start/.test(document.querySelector('stacklab-exam [data-part="status"]')?.textContent ?? ''), undefined, { timeout: 180_000 });
  await promptShown(first);
  await first.locator('.terminal-host .xterm-helper-textarea').focus();
  await first.keyboard.type(`ip netns add before${round} && echo made-before`);
  await first.keyboard.press('Enter');
  await first.waitForFunction(() => /^made-before$/m.test([...document.querySelectorAll('.terminal-host .xterm-rows > div')].map((line) => line.textContent?.trimEnd()).join('\n')), undefined, { timeout: 60_000 });
  await first.locator('stacklab-exam [data-action="save"]').click({ timeout: 120_000 });
  await first.waitForFunction(() => /is saved in this browser/.test(document.querySelector('stacklab-exam [data-part="status"]')?.textContent ?? ''), undefined, { timeout: 120_000 });
  while ((await serverStateSha256(server.ctx, candidate, 'cable')) !== (await browserStateSha256(first, 'cable'))) await new Promise((r) => setTimeout(r, 200));
  // The floor: the same browser loads the page again and resumes from its own copy.
  first.on('dialog', (dialog) => void dialog.accept());
  const reloaded = Date.now();
  await first.reload();
  await backWhereLeft(first);
  await promptShown(first);
  const reload = Date.now() - reloaded;
  await firstContext.close();

  const { token } = await moveCandidateSitting(server.ctx, teacher.id, session, candidate);
  const secondContext = await newContext();
  const second = await secondContext.newPage();
  let bytes = 0;
  let fetchSent = 0;
  let fetchDone = 0;
  const isStateFetch = (url: string) => url.includes('/api/exam-sitting/tasks/');
  second.on('request', (request) => {
    if (isStateFetch(request.url())) fetchSent ||= Date.now() - opened;
  });
  second.on('requestfinished', (request) => {
    if (isStateFetch(request.url())) fetchDone = Date.now() - opened;
  });
  second.on('response', (response) => {
    if (isStateFetch(response.url())) void response.body().then((body) => (bytes += body.length));
  });
  let opened = Date.now();
  await second.goto(`${sitUrl}#resume=${token}`);
  await second.waitForFunction(() => /came from the exam server/.test(document.querySelector('#exam-session-status')?.textContent ?? ''), undefined, { timeout: 180_000 });
  const takenUp = Date.now() - opened;
  await backWhereLeft(second);
  await promptShown(second);
  const prompt = Date.now() - opened;
  await secondContext.close();
  return { reload, takenUp, prompt, bytes, fetchSent, fetchDone };
}

const results: Round[] = [];
try {
  for (let round = 1; round <= rounds; round++) results.push(await moveOnce(round));
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const list = (pick: (r: Round) => number) => results.map((r) => (pick(r) / 1000).toFixed(2)).join(' ');
const reload = median(results.map((r) => r.reload));
const prompt = median(results.map((r) => r.prompt));
console.log(`exam sitting continued on another computer with the resume link, ${rounds} rounds (chromium, SQLite, this process)`);
row('work taken up from the server (one task)', `${s(median(results.map((r) => r.takenUp)))} median (${list((r) => r.takenUp)})`);
row('  of which: before the state was asked for', `${s(median(results.map((r) => r.fetchSent)))} median (${list((r) => r.fetchSent)})`);
row('  the state in flight', `${s(median(results.map((r) => r.fetchDone - r.fetchSent)))} median (${list((r) => r.fetchDone - r.fetchSent)})`);
row('  after it arrived (gunzip, digest, store)', `${s(median(results.map((r) => r.takenUp - r.fetchDone)))} median (${list((r) => r.takenUp - r.fetchDone)})`);
row('the task at its prompt, new computer', `${s(prompt)} median (${list((r) => r.prompt)})`);
row('the same browser reloading (floor)', `${s(reload)} median (${list((r) => r.reload)})`);
row('  ratio to the floor', `${(prompt / reload).toFixed(1)}x`);
row('state fetched (gzipped)', `${(median(results.map((r) => r.bytes)) / 1024 / 1024).toFixed(2)} MB median`);
process.exit(0);
