/**
 * bench/check: the Check round trip in Node (collect state in one agent round trip, parse,
 * grade) for a state-only exercise and for one with a reachability probe.
 *   npx tsx bench/check.ts [--runs N]
 */
import { loadGraders } from '../src/grading/registry.ts';
import { loadExercise } from '../src/exercises/load.ts';
import { gradeMachine, prepareExercise, runSolution } from '../src/exercises/run.ts';
import { warmUpChecks } from '../src/state/warm-up.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
import { againstBar, median, percentile, row } from './stats.ts';

const graders = await loadGraders(['netns-red-blue', 'eth1-up']);

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 10;
const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
console.log(`Stacklab bench/check — ${runs} runs each, ${new Date().toISOString()}`);

for (const [id, kind] of [['netns-red-blue', 'state only'], ['eth1-up', 'state and a ping probe']] as const) {
  const exercise = loadExercise(id);
  await prepareExercise(machine, exercise.setup);
  await runSolution(machine, exercise.solution);
  // Cold: right after the set-up and solution, as a learner who checks at once.
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await gradeMachine(machine, graders[id]!);
    cold.push(performance.now() - t0);
  }
  // Warm: after the site's idle-time warm-up (warmUpChecks), as every later Check.
  await warmUpChecks(machine, graders[id]!.request);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const report = await gradeMachine(machine, graders[id]!);
    times.push(performance.now() - t0);
    if (report.status !== 'pass') throw new Error(`${id} did not pass: ${JSON.stringify(report)}`);
  }
  row(`Check ${id} (${kind}), first 3 right after set-up`, cold.map((t) => `${t.toFixed(0)} ms`).join(', '));
  row(`Check ${id} (${kind}), median`, kind === 'state only' ? againstBar(median(times), 300, 'ms') : `${median(times).toFixed(0)} ms`);
  row(`Check ${id} (${kind}), p95`, `${percentile(times, 95).toFixed(0)} ms`);
}
await machine.destroy();
process.exit(0);
