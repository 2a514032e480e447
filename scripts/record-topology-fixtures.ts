/**
 * Records what the topology view collects (src/topology/watch.ts), for its unit tests and for
 * the "target" picture of each exercise:
 * - after each scene of tests/fixtures/topology/scenes.ts, into tests/fixtures/topology/<scene>.txt;
 * - after each exercise's set-up and reference solution, into src/topology/targets/<id>.txt (the
 *   site's target pictures; the unit tests read them too).
 * Usage: npx tsx scripts/record-topology-fixtures.ts [scene or exercise id...]   (all without names)
 * Re-record an exercise after its solution.sh changes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { listExerciseIds, loadExercise } from '../src/exercises/load.ts';
import { prepareExercise, runSolution } from '../src/exercises/run.ts';
import { COLLECTION_SCRIPT } from '../src/topology/watch.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
import { digestLine } from '../tests/fixtures/topology/load.ts';
import { TOPOLOGY_SCENES } from '../tests/fixtures/topology/scenes.ts';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });

async function record(file: string, setup: string, script: string, header = ''): Promise<void> {
  await prepareExercise(machine, setup);
  const run = await runSolution(machine, `set -e\n${script}\n`);
  if (run.exitCode !== 0) throw new Error(`${file}: the script failed (exit ${run.exitCode}): ${run.stderr}`);
  const result = await machine.exec(COLLECTION_SCRIPT, { timeoutMs: 60_000 });
  writeFileSync(file, header + result.stdout);
  console.log(`${file}: ${result.stdout.length} bytes, ${result.durationMs} ms in the guest (exit ${result.exitCode})`);
}

for (const scene of TOPOLOGY_SCENES.filter((s) => wanted(s.name))) {
  await record(`tests/fixtures/topology/${scene.name}.txt`, 'true', scene.setup);
}
mkdirSync('src/topology/targets', { recursive: true });
for (const id of listExerciseIds().filter(wanted)) {
  const exercise = loadExercise(id);
  await record(`src/topology/targets/${id}.txt`, exercise.setup, exercise.solution, digestLine(id));
}
await machine.destroy();
process.exit(0);
