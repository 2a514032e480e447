/**
 * Cold-boots the guest and streams its console (ttyS0) and agent port (ttyS1) to stdout,
 * with kernel messages on: for debugging the image.
 * Usage: npx tsx scripts/boot-console.ts [seconds]
 */
import { createEmulator } from '../src/vm/emulator.ts';
import { loadNodeAssets } from '../src/vm/node-assets.ts';

const seconds = Number(process.argv[2] ?? 60);
const emulator = createEmulator(loadNodeAssets(), { kind: 'boot' }, { verboseBoot: true });
const t0 = performance.now();
emulator.add_listener('serial0-output-byte', (b: number) => process.stdout.write(String.fromCharCode(b)));
emulator.add_listener('serial1-output-byte', (b: number) => process.stdout.write(b === 0x1e ? '<RS>' : String.fromCharCode(b)));
setTimeout(async () => {
  console.log(`\n--- ${((performance.now() - t0) / 1000).toFixed(1)} s, stopping`);
  await emulator.destroy();
  process.exit(0);
}, seconds * 1000);
