/**
 * A returning learner's first use of a tool in a fresh VM, where the guest reads its disk: the
 * emulator fetches each disk chunk it has not read yet, one after another. After one visit
 * every chunk is saved for offline use, and the emulator reads the saved copies straight from
 * Cache Storage (src/vm/disk-cache.ts), not through the service worker's fetch handler.
 *
 *   npm run build && npm run bench:first-use      (STACKLAB_BENCH_RUNS=5 for more)
 *
 * Headless chromium visits a lesson and waits until the service worker has saved every VM
 * file. Then, in each run, the lesson is loaded afresh and COMMANDS are timed in the terminal
 * (bash's `time`), once in the fresh VM and at once again: the second time the guest has the
 * files in its page cache. Printed beside them: how many disk chunks the emulator's worker
 * fetched (through the service worker) in the run, which should be none. The floor is the same
 * first use in Node, in this process, where the guest reads its disk from local files.
 *
 * Second, what each way of reading a chunk costs on a page with no VM: through the service
 * worker, and straight from Cache Storage, interleaved in rounds of other chunks each.
 */
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startStaticServer } from '../scripts/static-server.ts';
import { loadAverageText, median, nodeFirstUseTimes } from './floors.ts';

const RUNS = Number(process.env.STACKLAB_BENCH_RUNS ?? 3);
const LESSON = 'lessons/translation-table/';
/** Tools a lesson has the learner use, none of which a fresh VM has read from its disk yet. */
const COMMANDS = process.env.STACKLAB_BENCH_COMMANDS ?? 'nft list ruleset; tcpdump --version; ss -s; ethtool -h; man ip';
const CHUNKS = 40;
const CHUNK_ROUNDS = 3;
const SAVED_WITHIN_MS = 240_000;

const terminalText = (page: Page) => page.evaluate(() => document.querySelector('.terminal-host .xterm-rows')?.textContent ?? '');

async function waitForPrompt(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.terminal-host .xterm-rows')?.textContent?.includes('root@stacklab'), undefined, { timeout: 120_000 });
}

let timed = 0;

/** Runs COMMANDS under bash's `time` with their output discarded, and returns the real time in ms. */
async function timeCommands(page: Page): Promise<number> {
  // The mark is printed by the shell, not typed: "DONE-1001" is not in "DONE-$((1000+1))".
  const mark = `DONE-${1000 + ++timed}`;
  await page.keyboard.type(`clear; time { ${COMMANDS}; } >/dev/null 2>&1; echo DONE-$((1000+${timed}))`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((done) => document.querySelector('.terminal-host .xterm-rows')?.textContent?.includes(done), mark, { timeout: 120_000 });
  const real = /real\s*(\d+)m([\d.]+)s/.exec(await terminalText(page));
  if (!real) throw new Error(`no time printed: ${await terminalText(page)}`);
  return (Number(real[1]) * 60 + Number(real[2])) * 1000;
}

async function firstUse(page: Page, url: string): Promise<{ first: number; again: number; throughWorker: number }> {
  await page.goto('about:blank');
  await page.goto(url);
  await waitForPrompt(page);
  // The chunks a fresh VM fetches first (state.json's diskPrefetch) arrive meanwhile, as for a learner who reads the lesson.
  await page.waitForTimeout(3000);
  await page.locator('.terminal-host .xterm-helper-textarea').focus();
  const first = await timeCommands(page);
  const again = await timeCommands(page);
  const vmWorker = page.workers().find((worker) => worker.url().includes('vm-machine-worker'));
  const fetched = (await vmWorker?.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname))) ?? [];
  return { first, again, throughWorker: fetched.filter((path) => path.startsWith('/vm/disk-')).length };
}

/** Reads disk chunks one after another through the service worker and straight from Cache Storage, in interleaved rounds; ms a chunk. */
async function chunkReads(page: Page): Promise<Array<{ throughWorker: number; straight: number }>> {
  return page.evaluate(
    async ({ chunks, rounds }) => {
      const name = (await caches.keys()).find((key) => key.startsWith('stacklab-'));
      if (!name) throw new Error('no Stacklab cache');
      const cache = await caches.open(name);
      const disk = (await cache.keys()).map((key) => key.url).filter((url) => url.includes('/vm/disk-'));
      if (disk.length < chunks * rounds * 2) throw new Error(`only ${disk.length} disk chunks are saved`);
      const results: Array<{ throughWorker: number; straight: number }> = [];
      for (let round = 0; round < rounds; round++) {
        let started = performance.now();
        for (const url of disk.slice(round * 2 * chunks, (round * 2 + 1) * chunks)) await (await fetch(url)).arrayBuffer();
        const throughWorker = (performance.now() - started) / chunks;
        started = performance.now();
        for (const url of disk.slice((round * 2 + 1) * chunks, (round * 2 + 2) * chunks)) await (await cache.match(url))!.arrayBuffer();
        results.push({ throughWorker, straight: (performance.now() - started) / chunks });
      }
      return results;
    },
    { chunks: CHUNKS, rounds: CHUNK_ROUNDS },
  );
}

const server = await startStaticServer(join(import.meta.dirname, '../dist'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  const url = new URL(LESSON, server.url).href;
  await page.goto(url);
  // The page says so once every VM file is saved for offline use (src/lib/service-worker-registration.ts).
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', undefined, { timeout: SAVED_WITHIN_MS, polling: 500 });
  console.log(`Stacklab: a returning learner's first use of tools in a fresh VM, ${RUNS} runs, headless chromium, every VM file saved for offline use; ${loadAverageText()}`);
  console.log(`  commands: ${COMMANDS}`);
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await firstUse(page, url));
  const first = median(runs.map((r) => r.first));
  const again = median(runs.map((r) => r.again));
  console.log(`  first use, in order:    ${runs.map((r) => `${r.first.toFixed(0)} ms`).join(', ')}`);
  console.log(`  again, in order:        ${runs.map((r) => `${r.again.toFixed(0)} ms`).join(', ')}`);
  console.log(`  disk chunks fetched through the service worker, each run: ${runs.map((r) => r.throughWorker).join(', ')}`);
  const node = await nodeFirstUseTimes(COMMANDS, RUNS);
  const nodeFirst = median(node.map((r) => r.first));
  console.log(`  in Node, first use:     ${node.map((r) => `${r.first.toFixed(0)} ms`).join(', ')}; again ${node.map((r) => `${r.again.toFixed(0)} ms`).join(', ')}`);
  console.log(`  first use: median ${first.toFixed(0)} ms = ${(first / nodeFirst).toFixed(1)}x the floor (${nodeFirst.toFixed(0)} ms): the same first use in Node, this run; again ${again.toFixed(0)} ms`);

  await page.goto(new URL('404.html', server.url).href);
  const rounds = await chunkReads(page);
  const throughWorker = median(rounds.map((r) => r.throughWorker));
  const straight = median(rounds.map((r) => r.straight));
  console.log(`A disk chunk read on a page with no VM, ${CHUNKS} one after another in each of ${CHUNK_ROUNDS} rounds:`);
  console.log(`  each round:             ${rounds.map((r) => `${r.throughWorker.toFixed(1)} / ${r.straight.toFixed(1)} ms`).join(', ')} (through the service worker / straight from Cache Storage)`);
  console.log(`  through the service worker: median ${throughWorker.toFixed(1)} ms = ${(throughWorker / straight).toFixed(1)}x straight from Cache Storage (${straight.toFixed(1)} ms)`);
} finally {
  await browser.close();
  await server.close();
}
