/**
 * Records raw state-collection output from the real guest, for the unit tests of the
 * parsers and graders. Usage: npx tsx scripts/record-state.ts [scene ...]
 * Writes tests/fixtures/state/<name>.txt for every scene (or those named); re-run after
 * changing the collection script.
 */
import { writeFileSync } from 'node:fs';
import { buildCollectionScript } from '../src/state/collect.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
import { scenes } from '../tests/fixtures/state/scenes.ts';


const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !scenes.some((s) => s.name === name));
if (unknown.length) throw new Error(`No scene named ${unknown.join(', ')}; the scenes are in tests/fixtures/state/scenes.ts`);
for (const scene of scenes.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  await machine.reset();
  await machine.exec(scene.setup, { timeoutMs: 30_000 });
  const started = performance.now();
  const result = await machine.exec(buildCollectionScript(scene.request), { timeoutMs: 30_000 });
  writeFileSync(`tests/fixtures/state/${scene.name}.txt`, result.stdout);
  console.log(`${scene.name}: ${result.stdout.length} bytes in ${(performance.now() - started).toFixed(0)} ms (exit ${result.exitCode})`);
}
await machine.destroy();
process.exit(0);
