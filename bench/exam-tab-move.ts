/**
 * bench/exam-tab-move: how long an exam sitting on the server takes to move from one tab of a
 * browser to another (src/lib/one-tab.ts), in chromium, against the classroom server in this
 * process (SQLite). Each round is a fresh candidate: the sitting starts in a first tab and its
 * task is set up; a command is typed there, and as soon as its output shows (before the
 * autosave) a second tab presses "Work in this tab". The first tab saves the task in the browser
 * and steps aside, leaving the upload of that save to the second, which reloads, resumes and
 * uploads it. Printed: the wait from the press to the first tab stepping aside, to the second
 * tab's prompt, and to the server holding the browser's latest save, median over the rounds.
 * The floor, measured in the same run: the same move once the set-up's save and upload have
 * ended and nothing was typed, so nothing is left to save. The move waits for any save still
 * running, and for an upload already under way (so uploads stay in order).
 *   npx tsx bench/exam-tab-move.ts [--rounds 5]   (needs the built site: npx astro build)
 */
import type { Page } from 'playwright-core';
import { newCandidateContext, promptShown, runCommand, serverHoldsBrowserCopy, serverLine, startExamBench, startSitting } from './exam-page.ts';
import { median, row } from './stats.ts';

const rounds = Number(process.argv.includes('--rounds') ? process.argv[process.argv.indexOf('--rounds') + 1] : 5);
const bench = await startExamBench('tab-move', 30);

/** Resolves once the text of `selector` has stayed the same for `ms`. */
async function quietFor(page: Page, selector: string, ms: number): Promise<void> {
  let last = '';
  let since = Date.now();
  for (;;) {
    const now = await page.locator(selector).innerText();
    if (now !== last) [last, since] = [now, Date.now()];
    if (Date.now() - since >= ms) return;
    await page.waitForTimeout(500);
  }
}

interface Move {
  aside: number;
  prompt: number;
  /** To the server holding the state the second tab resumed from (or a later one). */
  uploaded: number;
}

/** One move: ms from the press to the first tab stepping aside, to the second tab's prompt, and to the server holding the latest save. */
async function move(round: number, typed: boolean): Promise<Move> {
  const context = await newCandidateContext(bench.browser);
  const first = await context.newPage();
  const candidate = `Candidate ${round} ${typed ? 'typed' : 'idle'}`;
  await startSitting(first, bench.sitUrl, candidate, 120_000);
  if (typed) {
    await runCommand(first, `ip netns add moved${round} && echo made-moved`, 'made-moved');
  } else {
    // Whatever the set-up saved and uploaded has ended (the save line unchanged for 10 s): nothing is left to save at the move.
    await serverLine(first, /saved on the exam server/);
    await quietFor(first, '#exam-session-status', 10_000);
  }
  const second = await context.newPage();
  await second.goto(bench.sitUrl);
  await second.waitForSelector('#exam-session-elsewhere:not([hidden])', { timeout: 60_000 });
  const pressed = Date.now();
  await second.getByRole('button', { name: 'Work in this tab' }).click();
  await first.waitForSelector('#exam-session-elsewhere:not([hidden])', { timeout: 180_000 });
  const aside = Date.now() - pressed;
  await promptShown(second);
  const prompt = Date.now() - pressed;
  await serverHoldsBrowserCopy(bench, second, candidate, 100);
  const uploaded = Date.now() - pressed;
  await context.close();
  return { aside, prompt, uploaded };
}

const withWork: Move[] = [];
const floor: Move[] = [];
try {
  // Interleaved, so a change in the machine's load falls on both.
  for (let round = 1; round <= rounds; round++) {
    withWork.push(await move(round, true));
    floor.push(await move(round, false));
  }
} finally {
  await bench.close();
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const list = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(1)).join(' ');
console.log(`exam sitting moved between two tabs of one browser, ${rounds} rounds each (chromium, SQLite, this process)`);
for (const [label, pick] of [['first tab stepped aside', 'aside'], ['second tab shows its prompt', 'prompt'], ['the server holds the latest save', 'uploaded']] as const) {
  const work = median(withWork.map((m) => m[pick]));
  const idle = median(floor.map((m) => m[pick]));
  row(`${label}, a command just typed`, `${s(work)} median (${list(withWork.map((m) => m[pick]))})`);
  row(`${label}, nothing to save (floor)`, `${s(idle)} median (${list(floor.map((m) => m[pick]))})`);
  row(`  ratio to the floor`, `${(work / idle).toFixed(1)}x`);
}
process.exit(0);
