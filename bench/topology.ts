/**
 * bench/topology: what keeping the topology view current costs the guest. For two scenes
 * (bridge-three's solution, 13 interfaces in 4 namespaces; and a 30-interface lab), it times
 * refreshes with nothing changed (the cheap check only) and refreshes after a change (the
 * check, then the full collection), as agent time (the command's run time in the guest, as
 * the agent reports it) and as round trip.
 *   npx tsx bench/topology.ts [--runs N]
 */
import { loadExercise } from '../src/exercises/load.ts';
import { prepareExercise, runSolution } from '../src/exercises/run.ts';
import { buildTopology } from '../src/topology/model.ts';
import { TopologyFeed } from '../src/topology/watch.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
import { THIRTY_INTERFACES } from '../tests/fixtures/topology/scenes.ts';
import { againstBar, median, percentile, row } from './stats.ts';

const ms = (values: number[]) => `median ${median(values).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms`;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 20;
const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
console.log(`Stacklab bench/topology — ${runs} runs each, ${new Date().toISOString()}`);

// The floor on this machine now: the cheapest request the agent answers (the runner's fork).
const floor: number[] = [];
for (let i = 0; i < runs; i++) floor.push((await machine.exec('true')).durationMs);
row(`reference: exec('true'), agent time`, ms(floor));

const scenes: Array<[string, string, string]> = [
  ['bridge-three solution', loadExercise('bridge-three').setup, loadExercise('bridge-three').solution],
  ['30 interfaces', 'true', THIRTY_INTERFACES.setup],
];

for (const [name, setup, solution] of scenes) {
  await prepareExercise(machine, setup);
  const script = await runSolution(machine, solution);
  if (script.exitCode !== 0) throw new Error(`${name}: the set-up failed: ${script.stderr}`);
  const feed = new TopologyFeed((command, timeoutMs) => machine.exec(command, { timeoutMs }));
  const first = await feed.refresh();
  const interfaces = Object.keys(buildTopology(first.reading!.state, first.reading).interfaces).length;
  row(`${name}: first refresh (starts the watcher)`, `agent ${first.agentMs.join(' + ')} ms, round trip ${first.totalMs.toFixed(0)} ms, ${interfaces} interfaces`);

  // Bridge ports and IPv6 addresses keep changing for some seconds after a set-up (the kernel
  // reports each); wait for three quiet checks in a row.
  for (let quiet = 0, tries = 0; quiet < 3 && tries < 60; tries++) {
    quiet = (await feed.refresh()).changed ? 0 : quiet + 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const quietAgent: number[] = [];
  const quietTrip: number[] = [];
  let late = 0;
  for (let i = 0; i < runs; i++) {
    const result = await feed.refresh();
    // A late kernel event still makes a refresh collect now and then: count it, time the rest.
    if (result.changed) late++;
    else {
      quietAgent.push(result.agentMs[0]!);
      quietTrip.push(result.totalMs);
    }
  }
  if (late) row(`${name}: late kernel events`, `${late} of ${runs} refreshes collected`);
  row(`${name}: unchanged, agent time`, againstBar(median(quietAgent), 100, 'ms'));
  row(`${name}: unchanged, round trip`, ms(quietTrip));

  const changedAgent: number[] = [];
  const changedTrip: number[] = [];
  const collectAgent: number[] = [];
  for (let i = 0; i < Math.ceil(runs / 2); i++) {
    // A change inside a namespace: the watcher must see it through the namespace's nsid.
    await machine.exec(`ip -n ns1 link set lo ${i % 2 ? 'up' : 'down'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const result = await feed.refresh();
    if (!result.changed) throw new Error(`${name}: a change inside ns1 went unnoticed`);
    changedAgent.push(result.agentMs.reduce((a, b) => a + b, 0));
    collectAgent.push(result.agentMs.at(-1)!);
    changedTrip.push(result.totalMs);
  }
  await machine.exec('ip -n ns1 link set lo up');
  row(`${name}: after a change, agent time`, `${ms(changedAgent)} (the collection alone: median ${median(collectAgent).toFixed(0)} ms)`);
  row(`${name}: after a change, round trip`, ms(changedTrip));
}
await machine.destroy();
process.exit(0);
