/**
 * An exercise's autosave in the browser: from the learner's last command to "Saved" on the
 * page, in headless chromium against the built site. The page is loaded, netns-red-blue is
 * started, and a command is typed; the autosave runs once the terminal has been quiet for
 * QUIET_MS (src/lib/exercise-autosave.ts), and each of its phases (src/vm/perf-marks.ts: snapshot, digest, gzip, store) is read
 * from the page. The first round starts a few seconds after the page load, when the emulator
 * and V8's compilers are busiest; the later rounds follow one another.
 *
 *   npm run build && npx tsx bench/save.ts      (STACKLAB_BENCH_RUNS=6 for more rounds)
 *
 * Until the save is stored, closing the tab loses the command: that window is the quiet time
 * plus the save. The floor, measured in the same run: the same exercise's VM state saved in
 * Node, gzipped by node:zlib at gzip's default level (what CompressionStream uses), in this process.
 */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startStaticServer } from '../scripts/static-server.ts';
import { phaseName, SAVE_PHASES, type SavePhase } from '../src/vm/perf-marks.ts';
import { againstFloor, loadAverageText, median, withSolvedExercise } from './floors.ts';
import { CHROMIUM_ARGS } from '../tests/e2e/support/browser.ts';

const EXERCISE = 'netns-red-blue';
const LESSON = 'lessons/namespaces-as-vrfs/';
const RUNS = Number(process.env.STACKLAB_BENCH_RUNS ?? 4);

/** The exercise's state after its solution, gzipped in Node: ms of each of `runs` gzips, and the sizes. */
function nodeGzipFloor(runs: number): Promise<{ times: number[]; rawBytes: number; gzipBytes: number }> {
  return withSolvedExercise(EXERCISE, async (machine) => {
    const raw = new Uint8Array(await machine.saveState());
    const times: number[] = [];
    let gzipBytes = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      gzipBytes = gzipSync(raw).byteLength;
      times.push(performance.now() - t0);
    }
    return { times, rawBytes: raw.byteLength, gzipBytes };
  });
}

interface SaveRound {
  /** From the command's output on screen to "Saved" shown, ms. */
  toSavedMs: number;
  /** The save's phases, ms. */
  phases: Record<SavePhase, number>;
  /** Seconds since the page load when the command was typed. */
  atS: number;
}

/** Types a command, then waits for the exercise's "Saved" mark to move on; returns the save's figures. */
async function oneRound(page: Page, n: number): Promise<SaveRound> {
  const before = await page.locator(`stacklab-exercise[exercise="${EXERCISE}"] [data-part="saved"]`).getAttribute('data-saved-at');
  // tsx names the functions it compiles with a helper the page lacks (esbuild's keepNames).
  await page.evaluate('window.__name = (f) => f; performance.clearMeasures()');
  const atS = (await page.evaluate(() => performance.now())) / 1000;
  await page.locator('.terminal-host .xterm-helper-textarea').focus();
  // The output differs from the command line as typed: the shell works out the number.
  await page.keyboard.type(`ip link add bench${n} type dummy && echo made-bench-$((${n} + 1000))`);
  await page.keyboard.press('Enter');
  return page.evaluate(
    ({ exercise, n, before, names }) =>
      new Promise<SaveRound>((resolve, reject) => {
        const rows = document.querySelector('.terminal-host .xterm-rows');
        const saved = document.querySelector<HTMLElement>(`stacklab-exercise[exercise="${exercise}"] [data-part="saved"]`);
        if (!rows || !saved) return reject(new Error('the page has no terminal or no exercise'));
        let shownAt: number | undefined;
        const timeout = setTimeout(() => reject(new Error(`no save within 120 s of round ${n}`)), 120_000);
        const look = () => {
          if (shownAt === undefined && (rows.textContent ?? '').includes(`made-bench-${n + 1000}`)) shownAt = performance.now();
          if (shownAt === undefined || saved.dataset.savedAt === before || saved.hidden) return;
          clearTimeout(timeout);
          observer.disconnect();
          const phases = Object.fromEntries(names.map(([phase, name]) => [phase, (performance.getEntriesByName(name).at(-1) as PerformanceMeasure | undefined)?.duration ?? Number.NaN]));
          resolve({ toSavedMs: performance.now() - shownAt, phases: phases as SaveRound['phases'], atS: 0 });
        };
        const observer = new MutationObserver(look);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        look();
      }),
    { exercise: EXERCISE, n, before, names: SAVE_PHASES.map((phase) => [phase, phaseName('save', phase)] as const) },
  ).then((round) => ({ ...round, atS }));
}

const dist = process.env.STACKLAB_SITE ?? join(import.meta.dirname, '../dist');
const server = await startStaticServer(dist);
const browser = await chromium.launch({ executablePath: process.env.STACKLAB_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
const rounds: SaveRound[] = [];
try {
  const page = await (await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1400, height: 1000 } })).newPage();
  await page.goto(new URL(LESSON, server.url).href);
  const exercise = page.locator(`stacklab-exercise[exercise="${EXERCISE}"]`);
  await exercise.locator('[data-action="start"]').click();
  await page.waitForFunction((id) => document.querySelector<HTMLElement>(`stacklab-exercise[exercise="${id}"]`)?.dataset.state === 'started', EXERCISE, { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelector('.terminal-host .xterm-rows')?.textContent?.includes('root@stacklab'), undefined, { timeout: 120_000 });
  for (let n = 1; n <= RUNS; n++) rounds.push(await oneRound(page, n));
} finally {
  await browser.close();
  await server.close();
}
const floor = await nodeGzipFloor(3);
const floorMs = median(floor.times);

const ms = (v: number) => `${v.toFixed(0)} ms`;
console.log(`Stacklab autosave of an exercise (${EXERCISE}), headless chromium, ${RUNS} rounds after one page load; ${loadAverageText()}, a shared machine, so figures are noisy`);
console.log(`the state: ${(floor.rawBytes / 1e6).toFixed(1)} MB raw, ${(floor.gzipBytes / 1e6).toFixed(1)} MB gzipped; a save starts once the terminal has been quiet 3 s`);
for (const [i, round] of rounds.entries()) {
  const phases = SAVE_PHASES.map((phase) => `${phase} ${ms(round.phases[phase])}`).join(', ');
  const save = SAVE_PHASES.reduce((sum, phase) => sum + round.phases[phase], 0);
  console.log(`  round ${i + 1} (typed ${round.atS.toFixed(0)} s after the load): output to "Saved" ${ms(round.toSavedMs)}; the save ${ms(save)} (${phases})`);
}
const gzips = rounds.map((r) => r.phases.gzip);
const later = rounds.slice(1);
console.log(`gzip in the page: first round ${againstFloor(gzips[0]!, floorMs, 'ms')}; later rounds median ${later.length ? againstFloor(median(later.map((r) => r.phases.gzip)), floorMs, 'ms') : '-'}`);
console.log(`  floor: the same exercise's state gzipped by node:zlib in this process, median of 3: ${ms(floorMs)}`);
console.log(`output to "Saved" (the window in which closing the tab loses the command): first round ${ms(rounds[0]!.toSavedMs)}, later rounds median ${later.length ? ms(median(later.map((r) => r.toSavedMs))) : '-'}`);
