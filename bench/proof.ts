/**
 * bench/proof: the wall time of the full proof of every exercise on the real VM (the start
 * state fails, every solution scores full marks, every wrong attempt fails its check), run
 * as CI runs it: the two shards side by side, one VM each.
 *   npm run bench:proof
 * Bar: the full proof <= 10 minutes on a 2-core machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { againstBar, row } from './stats.ts';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{ name: string; startTime: number; endTime: number; assertionResults: Array<{ status: string }> }>;
}

const report = join(mkdtempSync(join(tmpdir(), 'stacklab-proof-')), 'proof.json');
console.log(`Stacklab bench/proof — ${new Date().toISOString()}`);
const started = performance.now();
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--project', 'integration', 'tests/integration/exercises-', '--reporter=json', `--outputFile.json=${report}`],
  { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] },
);
const wallSeconds = (performance.now() - started) / 1000;
const result = JSON.parse(readFileSync(report, 'utf8')) as VitestJson;
for (const file of result.testResults) {
  row(`shard ${file.name.split('/').at(-1)}`, `${((file.endTime - file.startTime) / 1000).toFixed(0)} s, ${file.assertionResults.length} cases`);
}
row('cases passed / failed', `${result.numPassedTests} / ${result.numFailedTests}`);
row('full proof, wall time (vitest included)', againstBar(wallSeconds / 60, 10, 'min'));
process.exit(run.status === 0 && result.numFailedTests === 0 ? 0 : 1);
