/** Used by bench/vm.ts: restores the snapshot once in a fresh process and prints the milliseconds it took. */
const t0 = performance.now();
const { Machine } = await import('../src/vm/machine.ts');
const { loadNodeAssets, loadNodeSnapshot } = await import('../src/vm/node-assets.ts');
const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
await machine.exec('true');
const elapsed = performance.now() - t0;
await machine.destroy();
console.log(elapsed.toFixed(0));
process.exit(0);
export {};
