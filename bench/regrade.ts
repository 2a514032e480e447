/**
 * bench/regrade: the authoritative re-grade's time per task in Node (restore the task's VM
 * state, prove the agent, collect with the disk's own tools, grade), for an exam sat with
 * every task solved. Bar: <= 5 s per task.
 *   npx tsx bench/regrade.ts [--runs N]
 */
import { loadExam, listExamIds } from '../src/exams/load.ts';
import { regradeBundle } from '../src/exams/regrade.ts';
import { sitExam } from '../src/exams/sit.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
import { againstBar, median, percentile, row } from './stats.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const assets = loadNodeAssets();
const machine = await Machine.start(assets, { kind: 'state', state: (await loadNodeSnapshot(assets)).state });
console.log(`Stacklab bench/regrade — ${runs} re-grades of each exam, ${new Date().toISOString()}`);
for (const id of listExamIds().filter((x) => !x.startsWith('e2e'))) {
  const exam = loadExam(id);
  const bundle = await sitExam(machine, exam, 'bench-seed', Object.fromEntries(exam.tasks.map((t) => [t.id, 'solution' as const])), assets.image.build);
  const perTask: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await regradeBundle(bundle, { machine });
    if (!result.agrees) throw new Error(`the re-grade disagrees with the browser: ${result.differences.join('; ')}`);
    perTask.push(...Object.values(result.taskMs));
  }
  row(`${id}: re-grade per task, median`, againstBar(median(perTask) / 1000, 5, 's'));
  row(`${id}: re-grade per task, p95`, `${(percentile(perTask, 95) / 1000).toFixed(2)} s (${perTask.length} task re-grades)`);
}
await machine.destroy();
process.exit(0);
