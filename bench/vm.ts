/**
 * bench/vm: the guest and its driver in Node.
 *   npx tsx bench/vm.ts [--runs N]
 * Prints cold boot to ready, snapshot restore to the first agent reply (in-process and
 * from a fresh Node process), exec('true') round trips, snapshot sizes, and the bytes a
 * browser fetches before the first prompt, with the machine's load average (it is shared:
 * figures move with the load) and the median of each load phase (src/vm/perf-marks.ts).
 */
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { Machine } from '../src/vm/machine.ts';
import { defaultImageDir, loadNodeAssets, loadNodeSnapshot, v86WasmPath } from '../src/vm/node-assets.ts';
import { againstBar, median, percentile, row } from './stats.ts';
import { loadAverageText } from './floors.ts';
import { LOAD_PHASES, phaseName } from '../src/vm/perf-marks.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const dir = defaultImageDir();
const assets = loadNodeAssets(dir);
const { info, state } = await loadNodeSnapshot(assets, dir);

// Record which disk chunks the emulator reads, to count what a browser would fetch.
const chunkReads = new Set<string>();
const originalReadFile = fsp.readFile;
fsp.readFile = ((file: Parameters<typeof fsp.readFile>[0], ...rest: unknown[]) => {
  if (typeof file === 'string' && file.includes('/disk-')) chunkReads.add(file);
  return (originalReadFile as (...a: unknown[]) => unknown)(file, ...rest);
}) as typeof fsp.readFile;
syncBuiltinESMExports();

console.log(`Stacklab bench/vm — image ${assets.image.build}, ${runs} runs, ${new Date().toISOString()}, ${loadAverageText()}`);

// Restore to first reply, in this process (module and wasm already loaded after the first run).
const restoreMs: number[] = [];
const phaseMs = new Map<string, number[]>();
let firstPromptChunks: string[] = [];
for (let i = 0; i < runs; i++) {
  chunkReads.clear();
  performance.clearMeasures();
  const t0 = performance.now();
  const machine = await Machine.start(assets, { kind: 'state', state });
  restoreMs.push(performance.now() - t0);
  for (const phase of LOAD_PHASES) {
    const entry = performance.getEntriesByName(phaseName('load', phase)).at(-1);
    if (entry) phaseMs.set(phase, [...(phaseMs.get(phase) ?? []), entry.duration]);
  }
  if (i === 0) {
    // The first prompt: the learner presses Enter and the shell answers.
    let seen = '';
    machine.on('terminal-output', (b) => (seen += new TextDecoder().decode(b)));
    machine.terminalInput('\n');
    const until = Date.now() + 10_000;
    while (!/# $/.test(seen) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    firstPromptChunks = [...chunkReads];
  }
  await machine.destroy();
}

// Restore from a fresh Node process: module load, wasm compile, decompression included.
const freshMs: number[] = [];
for (let i = 0; i < Math.min(runs, 3); i++) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'restore-once.ts')], {
    encoding: 'utf8',
  });
  freshMs.push(Number(out.trim().split('\n').pop()));
}

// exec('true') round trips.
const machine = await Machine.start(assets, { kind: 'state', state });
const execMs: number[] = [];
for (let i = 0; i < 100; i++) {
  const t0 = performance.now();
  await machine.exec('true');
  execMs.push(performance.now() - t0);
}
const saveT0 = performance.now();
await machine.saveState();
const saveMs = performance.now() - saveT0;
await machine.destroy();

// Cold boot to ready.
const bootMs: number[] = [];
for (let i = 0; i < Math.min(runs, 2); i++) {
  const t0 = performance.now();
  const booted = await Machine.start(assets, { kind: 'boot' });
  await booted.exec('until [ -e /run/stacklab/world/state ]; do sleep 0.1; done', { timeoutMs: 60_000 });
  bootMs.push(performance.now() - t0);
  await booted.destroy();
}

// Bytes before the first prompt: what the page must download.
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const wasm = v86WasmPath();
const lib = join(wasm, '..', 'libv86.mjs');
const chunkBytes = firstPromptChunks.reduce((sum, f) => sum + statSync(f).size, 0);
const small = ['image.json', 'state.json'].reduce((s, f) => s + statSync(join(dir, f)).size, 0);
const firstPromptCompressed = gz(wasm) + gz(lib) + info.bytes + small + chunkBytes;
const firstPromptRaw = statSync(wasm).size + statSync(lib).size + info.bytes + small + chunkBytes;

const s = (ms: number) => ms / 1000;
row('cold boot to ready (median)', `${s(median(bootMs)).toFixed(2)} s  [${bootMs.map((m) => s(m).toFixed(1)).join(', ')}]`);
row('snapshot boot measured by the build', `${s(info.bootMs).toFixed(2)} s`);
row('restore to first reply, in process (median)', againstBar(s(median(restoreMs)), 0.4, 's', 0.3));
row('  runs in order', restoreMs.map((m) => `${s(m).toFixed(2)} s`).join(', '));
for (const [phase, times] of phaseMs) row(`  of which ${phase} (median)`, `${median(times).toFixed(0)} ms`);
row('restore to first reply, in process (p95)', `${s(percentile(restoreMs, 95)).toFixed(2)} s`);
row('restore to first reply, fresh process (median)', `${s(median(freshMs)).toFixed(2)} s  [${freshMs.map((m) => s(m).toFixed(2)).join(', ')}]`);
row('restore speed-up over cold boot', `${(median(bootMs) / median(restoreMs)).toFixed(0)}x`);
row("exec('true') round trip (median)", againstBar(median(execMs), 50, 'ms'));
row("exec('true') round trip (p95)", `${percentile(execMs, 95).toFixed(1)} ms`);
row('save_state()', `${saveMs.toFixed(0)} ms`);
row('snapshot size raw', `${(info.rawBytes / 1e6).toFixed(1)} MB`);
row('snapshot size zstd-19', `${(info.bytes / 1e6).toFixed(2)} MB (${(info.rawBytes / info.bytes).toFixed(1)}x smaller)`);
row('disk chunks read before the first prompt', `${firstPromptChunks.length} (${(chunkBytes / 1e3).toFixed(0)} kB)`);
row('first-prompt bytes, compressed', againstBar(firstPromptCompressed / 1e6, 10, 'MB', 6));
row('  of which', `wasm ${(gz(wasm) / 1e6).toFixed(2)} MB gz, ${basename(lib)} ${(gz(lib) / 1e6).toFixed(2)} MB gz, state ${(info.bytes / 1e6).toFixed(2)} MB`);
row('first-prompt bytes, uncompressed wasm and JS', `${(firstPromptRaw / 1e6).toFixed(2)} MB`);
const diskTotal = readdirBytes(join(dir, assets.image.disk.url, '..'));
row('whole disk, fetched lazily (zstd chunks)', `${(diskTotal / 1e6).toFixed(2)} MB of ${(assets.image.disk.bytes / 1e6).toFixed(0)} MB`);

row('load average at the end', loadAverageText());

function readdirBytes(folder: string): number {
  return execFileSync('du', ['-sb', folder], { encoding: 'utf8' }).split('\t').map(Number)[0]!;
}
process.exit(0);
