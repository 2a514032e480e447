/**
 * Where the browser's CPU goes in the first seconds after a page load: chromium's compilers
 * against the emulator. Headless chromium loads netns-red-blue's lesson, starts the exercise,
 * types its solution and clicks Check every CHECK_EVERY_MS; V8 reports every WebAssembly
 * function it compiles (`--trace-wasm-compilation-times`), and the threads of the page's
 * renderer are sampled from /proc (Linux).
 *
 *   npm run build && npx tsx bench/compile-after-load.ts     (STACKLAB_BENCH_WINDOW_S=20)
 *
 * Printed per window of the run: the CPU time V8's optimizing compiler (TurboFan) spent on
 * v86's own code and on the guest code v86 compiled, the CPU the emulator's thread got, and
 * the Checks' guest time. The same run is then made with `--liftoff-only` (V8's baseline
 * compiler only: a browser flag, which no page can set) as the floor: what the Checks cost
 * when nothing competes with the emulator for the machine's cores.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../scripts/static-server.ts';
import { startAndSolve, timeCheck } from './exercise-in-page.ts';
import { loadAverageText, median } from './floors.ts';
import { rendererCpu, threadTicks } from './renderer-threads.ts';

const EXERCISE = 'netns-red-blue';
const LESSON = 'lessons/namespaces-as-vrfs/';
const WINDOW_S = Number(process.env.STACKLAB_BENCH_WINDOW_S ?? 20);
const BUCKET_S = 5;
const CHECK_EVERY_MS = 2500;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** One line of V8's --trace-wasm-compilation-times. */
const COMPILED = /Compiled function (0x[0-9a-f]+)#\d+ using (Liftoff|TurboFan), took (\d+) μs/;

interface Compile {
  at: number;
  module: string;
  tier: 'Liftoff' | 'TurboFan';
  ms: number;
}

interface Pass {
  label: string;
  compiles: Compile[];
  /** CPU seconds in each bucket of the emulator's thread (the busiest dedicated worker) and of chromium's thread pool, where V8 compiles. */
  cpu: Array<{ emulator: number; compilers: number }>;
  /** Each Check: seconds after the navigation, and its collection's guest time. */
  checks: Array<{ at: number; guestMs: number }>;
}

async function run(url: string, label: string, jsFlags: string): Promise<Pass> {
  const pass: Pass = { label, compiles: [], cpu: [], checks: [] };
  let navigatedAt = Number.POSITIVE_INFINITY;
  // Started here, not by Playwright, to read the compiler's lines from chromium's own output.
  const profile = mkdtempSync(join(tmpdir(), 'stacklab-bench-'));
  const child = spawn('/usr/bin/chromium', [...CHROMIUM_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--js-flags=--trace-wasm-compilation-times ${jsFlags}`.trim(), 'about:blank'], { stdio: ['ignore', 'pipe', 'pipe'] });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const match = COMPILED.exec(line);
    if (match) pass.compiles.push({ at: (performance.now() - navigatedAt) / 1000, module: match[1]!, tier: match[2] as Compile['tier'], ms: Number(match[3]) / 1000 });
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const match = /DevTools listening on (ws:\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}) before it listened for DevTools`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' })).newPage();
    navigatedAt = performance.now();
    let sample = threadTicks();
    const sampler = setInterval(() => {
      const now = threadTicks();
      pass.cpu.push(rendererCpu(sample, now));
      sample = now;
    }, BUCKET_S * 1000);
    try {
      await page.goto(url);
      await startAndSolve(page, EXERCISE);
      while (performance.now() - navigatedAt < WINDOW_S * 1000) {
        await page.waitForTimeout(CHECK_EVERY_MS);
        const at = (performance.now() - navigatedAt) / 1000;
        pass.checks.push({ at, guestMs: (await timeCheck(page, EXERCISE)).guestMs });
      }
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await browser.close();
    child.kill();
    rmSync(profile, { recursive: true, force: true });
  }
  return pass;
}

function report(pass: Pass): { checkMedian: number } {
  // v86's own module is the one with hundreds of functions; every other module is one page of guest code.
  const perModule = new Map<string, number>();
  for (const c of pass.compiles) perModule.set(c.module, (perModule.get(c.module) ?? 0) + 1);
  const v86 = [...perModule].sort((a, b) => b[1] - a[1])[0]?.[0];
  const sum = (list: Compile[]) => list.reduce((total, c) => total + c.ms, 0) / 1000;
  console.log(`\n${pass.label}`);
  for (let bucket = 0; bucket * BUCKET_S < WINDOW_S; bucket++) {
    const inBucket = pass.compiles.filter((c) => c.at >= bucket * BUCKET_S && c.at < (bucket + 1) * BUCKET_S);
    const turbofan = inBucket.filter((c) => c.tier === 'TurboFan');
    const guestModules = turbofan.filter((c) => c.module !== v86);
    const cpu = pass.cpu[bucket];
    const checks = pass.checks.filter((c) => c.at >= bucket * BUCKET_S && c.at < (bucket + 1) * BUCKET_S).map((c) => c.guestMs.toFixed(0));
    console.log(
      `  ${`${bucket * BUCKET_S}-${(bucket + 1) * BUCKET_S} s`.padEnd(9)} CPU: emulator's thread ${cpu ? cpu.emulator.toFixed(1) : '-'} s, compiler threads ${cpu ? cpu.compilers.toFixed(1) : '-'} s ` +
        `(of ${BUCKET_S} s x ${availableParallelism()} cores); TurboFan jobs ${sum(turbofan).toFixed(1)} s summed over its threads ` +
        `(${guestModules.length} modules of guest code ${sum(guestModules).toFixed(1)} s, v86's own ${sum(turbofan.filter((c) => c.module === v86)).toFixed(1)} s); Checks' guest time ${checks.join(' ') || '-'} ms`,
    );
  }
  const checkMedian = median(pass.checks.map((c) => c.guestMs));
  const total = (key: 'emulator' | 'compilers') => pass.cpu.reduce((a, c) => a + c[key], 0);
  console.log(
    `  whole window: CPU of the emulator's thread ${total('emulator').toFixed(1)} s, of the compiler threads ${total('compilers').toFixed(1)} s; ` +
      `${pass.compiles.filter((c) => c.tier === 'TurboFan' && c.module !== v86).length} modules of guest code optimized; Checks' guest time median ${checkMedian.toFixed(0)} ms`,
  );
  return { checkMedian };
}

async function main(): Promise<void> {
  const dist = join(import.meta.dirname, '../dist');
  const server = await startStaticServer(dist);
  try {
    const url = new URL(LESSON, server.url).href;
    console.log(`Stacklab: the browser's compilers against the emulator, the first ${WINDOW_S} s after a page load (${EXERCISE} started and solved at once, a Check every ${CHECK_EVERY_MS / 1000} s); ${loadAverageText()}`);
    const normal = report(await run(url, 'chromium as shipped (Liftoff, then TurboFan for hot code)', ''));
    const floor = report(await run(url, 'floor: --liftoff-only (no optimizing compiler; no page can ask for it)', '--liftoff-only'));
    console.log(`\nChecks' guest time, median over the window: ${normal.checkMedian.toFixed(0)} ms = ${(normal.checkMedian / floor.checkMedian).toFixed(1)}x the Liftoff-only floor (${floor.checkMedian.toFixed(0)} ms)`);
  } finally {
    await server.close();
  }
}

await main();
