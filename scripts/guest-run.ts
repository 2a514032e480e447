/**
 * Runs shell scripts in a fresh guest and prints what each command printed, for authors who
 * need real output in a lesson. Each script runs after a reset, with bash as root, the way a
 * learner's terminal would; `--setup <file>` runs a set-up script first (e.g. an exercise's).
 * Usage: npx tsx scripts/guest-run.ts [--setup exercises/<id>/setup.sh] <script.sh | -> ...
 * With `-x`, every command is echoed before its output as "$ command", with stderr merged into stdout.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { prepareExercise, runSolution } from '../src/exercises/run.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { setup: { type: 'string' }, x: { type: 'boolean', short: 'x' } },
});
if (positionals.length === 0) {
  console.error('usage: npx tsx scripts/guest-run.ts [--setup file.sh] [-x] <script.sh | -> ...');
  process.exit(2);
}
const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
let failed = false;
for (const file of positionals) {
  const script = readFileSync(file === '-' ? 0 : file, 'utf8');
  await prepareExercise(machine, values.setup ? readFileSync(values.setup, 'utf8') : 'true');
  const result = await runSolution(machine, values.x ? `exec 2>&1; PS4='$ '; set -x\n${script}` : script);
  process.stdout.write(`==> ${file} (exit ${result.exitCode})\n${result.stdout}`);
  if (result.stderr) process.stdout.write(`--- stderr\n${result.stderr}`);
  failed ||= result.exitCode !== 0;
}
await machine.destroy();
process.exit(failed ? 1 : 0);
