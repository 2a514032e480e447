/**
 * Boots the guest once in Node, waits until the learner's shell and the agent are ready
 * and the outside world is built, and saves the emulator state (zstd) next to the image.
 * Usage: tsx image/snapshot.ts <image-dir>
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets } from '../src/vm/node-assets.ts';
import type { StateInfo } from '../src/vm/image-info.ts';
import { firstCommands } from './first-commands.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx image/snapshot.ts <image-dir>');
const assets = loadNodeAssets(dir);

const started = performance.now();
const machine = await Machine.start(assets, { kind: 'boot' });
let terminal = '';
machine.on('terminal-output', (bytes) => (terminal += new TextDecoder().decode(bytes)));

// The agent answers before init has finished; wait for the world and the prompt too.
const deadline = Date.now() + 120_000;
for (;;) {
  const world = await machine.exec('cat /run/stacklab/world/state 2>/dev/null; cat /run/stacklab-world.log 2>/dev/null | tail -5');
  if (world.stdout.startsWith('ready')) break;
  if (Date.now() > deadline) throw new Error(`the outside world was not built in time:\n${world.stdout}`);
  await new Promise((r) => setTimeout(r, 250));
}
const prompt = await waitForPrompt();
const bootMs = performance.now() - started;

// Checks that the snapshot is worth keeping: every tool a lesson relies on answers.
const selftest = await machine.exec('/usr/lib/stacklab/selftest', { timeoutMs: 60_000 });
if (selftest.exitCode !== 0) throw new Error(`the guest self-test failed:\n${selftest.stdout}${selftest.stderr}`);
process.stderr.write(selftest.stdout);

// The self-test read most of the disk into the page cache; drop what no process maps, so
// the snapshot carries only what a fresh guest uses (the rest is fetched on demand).
await machine.exec('sync; echo 3 > /proc/sys/vm/drop_caches');

// Forget the boot output so a restored terminal starts clean, then save.
machine.terminalInput('\x0c');
await new Promise((r) => setTimeout(r, 300));
const raw = new Uint8Array(await machine.saveState());
await machine.destroy();
const diskPrefetch = await chunksReadFirst(raw);

const build = assets.image.build;
const rawFile = join(dir, `state-${build}.bin`);
writeFileSync(rawFile, raw);
await promisify(execFile)('zstd', ['-q', '-19', '-T0', '--rm', '-f', rawFile]);
const url = `state-${build}.bin.zst`;
const { size } = await import('node:fs').then((fs) => fs.statSync(join(dir, url)));
const info: StateInfo = {
  format: 1,
  build,
  url,
  bytes: size,
  rawBytes: raw.byteLength,
  savedAt: new Date().toISOString(),
  bootMs: Math.round(bootMs),
  diskPrefetch,
};
writeFileSync(join(dir, 'state.json'), JSON.stringify(info, null, 2) + '\n');
process.stderr.write(
  `[image] snapshot: booted in ${(bootMs / 1000).toFixed(1)} s, state ${(raw.byteLength / 1e6).toFixed(1)} MB raw, ` +
    `${(size / 1e6).toFixed(2)} MB zstd, ${diskPrefetch.length} disk chunks to fetch ahead (prompt: ${JSON.stringify(prompt)})\n`,
);

/** Restores the state just saved and runs a learner's first commands in it (image/first-commands.ts); returns the offsets of the disk chunks it read. */
async function chunksReadFirst(state: Uint8Array): Promise<number[]> {
  const fresh = await Machine.start(assets, { kind: 'state', state: state.slice().buffer });
  try {
    const before = new Set(fresh.diskChunksHeld());
    const run = await fresh.exec(await firstCommands(), { timeoutMs: 60_000 });
    if (run.exitCode !== 0) throw new Error(`a learner's first commands failed in the restored snapshot:\n${run.stdout}${run.stderr}`);
    return fresh.diskChunksHeld().filter((offset) => !before.has(offset));
  } finally {
    await fresh.destroy();
  }
}

async function waitForPrompt(): Promise<string> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const match = /root@stacklab[^\n]*# $/.exec(terminal);
    if (match) return match[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the learner's shell did not show a prompt; the console said:\n${terminal.slice(-2000)}`);
}
