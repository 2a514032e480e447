/**
 * Records raw state-collection output from the real guest, for the unit tests of the
 * parsers and graders. Usage: npx tsx scripts/record-state.ts
 * Writes tests/fixtures/state/<name>.txt; re-run after changing the collection script.
 */
import { writeFileSync } from 'node:fs';
import { buildCollectionScript } from '../src/state/collect.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
import { scenes } from '../tests/fixtures/state/scenes.ts';


const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
for (const scene of scenes) {
  await machine.reset();
  await machine.exec(scene.setup, { timeoutMs: 30_000 });
  const started = performance.now();
  const result = await machine.exec(buildCollectionScript(scene.request), { timeoutMs: 30_000 });
  writeFileSync(`tests/fixtures/state/${scene.name}.txt`, result.stdout);
  console.log(`${scene.name}: ${result.stdout.length} bytes in ${(performance.now() - started).toFixed(0)} ms (exit ${result.exitCode})`);
}
await machine.destroy();
process.exit(0);
