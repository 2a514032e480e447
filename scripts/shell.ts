/**
 * An interactive shell in the guest, in this terminal: restores the snapshot and connects
 * stdin/stdout to the learner's console. Ctrl-] quits.
 * Usage: npm run shell
 */
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
import { attachTerminal } from '../src/vm/terminal.ts';

const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
process.stderr.write('[stacklab] guest ready; Ctrl-] quits\r\n');

const quit = async () => {
  detach();
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  await machine.destroy();
  process.exit(0);
};
const detach = attachTerminal(machine, {
  write: (bytes) => process.stdout.write(bytes),
  onData: (listener) => {
    const onData = (chunk: Buffer) => (chunk.includes(0x1d) ? void quit() : listener(new Uint8Array(chunk)));
    process.stdin.on('data', onData);
    return () => process.stdin.off('data', onData);
  },
});
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true);
  const resize = () => void machine.resizeTerminal(process.stdout.rows, process.stdout.columns);
  process.stdout.on('resize', resize);
  resize();
}
process.stdin.resume();
machine.terminalInput('\x0c');
