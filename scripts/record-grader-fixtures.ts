/**
 * Records, for every exercise, the raw state output after its start state, its solutions
 * and its wrong attempts, so the graders' unit tests replay real guest output.
 * Usage: npx tsx scripts/record-grader-fixtures.ts [id...]   (all exercises without ids; writes tests/fixtures/graders/<id>/<case>.txt)
 * An answer exercise's case also gets <case>.answers.json: the answers its script printed
 * (src/exercises/answers.ts), which the replay grades with; the start state has none.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { answersOfRun } from '../src/exercises/answers.ts';
import { graderFor } from '../src/grading/grader.ts';
import { loadGrader } from '../src/grading/registry.ts';
import { listExerciseIds, loadExercise } from '../src/exercises/load.ts';
import { collectOutput, prepareExercise, runSolution } from '../src/exercises/run.ts';
import { gradeOutput } from '../src/grading/grade.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';

const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
const only = process.argv.slice(2);
for (const id of only.length ? only : listExerciseIds()) {
  const exercise = loadExercise(id);
  const grader = await loadGrader(id);
  const dir = `tests/fixtures/graders/${id}`;
  mkdirSync(dir, { recursive: true });
  const cases: Array<[string, string | undefined]> = [
    ['start', undefined],
    ['solution', 'solution.sh'],
    ...exercise.alternatives.map((f): [string, string] => [`alternative-${basename(f, '.sh')}`, f]),
    ...exercise.wrongAttempts.map((w): [string, string] => [`wrong-${basename(w.file, '.sh')}`, w.file]),
  ];
  for (const [name, file] of cases) {
    await prepareExercise(machine, exercise.setup);
    const answers = file ? answersOfRun(exercise, (await runSolution(machine, exercise.read(file))).stdout) : undefined;
    const output = await collectOutput(machine, grader);
    writeFileSync(`${dir}/${name}.txt`, output);
    if (answers) writeFileSync(`${dir}/${name}.answers.json`, `${JSON.stringify(answers, null, 2)}\n`);
    const report = gradeOutput(graderFor(grader, undefined, answers), output);
    console.log(`${id}/${name}: ${output.length} bytes, grades ${report.status} ${report.score}/${report.maximum}`);
  }
}
await machine.destroy();
process.exit(0);
