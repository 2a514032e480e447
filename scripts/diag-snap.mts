// Restores the snapshot and runs each argument as a command, printing the results.
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const m = await Machine.start(assets, { kind: 'state', state });
for (const c of process.argv.slice(2)) {
  const r = await m.exec(c, { timeoutMs: 30000 });
  console.log(`$ ${c}\n${r.stdout}${r.stderr}[exit ${r.exitCode}, ${r.durationMs} ms]`);
}
await m.destroy();
process.exit(0);
