/**
 * stacklab list [--json]
 * stacklab grade <exercise-id> --solution <file.sh> [--seed <seed>] [--json]
 *   Restores the guest from the snapshot, runs the exercise's set-up, runs the file with bash
 *   as root (as a learner would), grades, and prints the report. With --seed, a parameterized
 *   exercise draws its values from the seed (as in an exam); the file sees them as $NAME.
 *   An answer exercise (read-the-fdb) is graded with the answers the file prints as JSON on
 *   its last line, as its proof does.
 *   Exit status: 0 pass, 1 fail, 2 error (bad arguments, a VM problem, a check that could not run).
 * stacklab regrade <bundle.json>... [--json]
 *   The authoritative re-grade of an exam results bundle: restores each task's VM state, grades
 *   it with the exam's graders using only the guest's read-only disk and kernel, prints the
 *   report and whether the browser's report agrees. Exit status: 0 pass, 1 fail, 2 invalid bundle.
 *   With several bundles: one line each (or a JSON array), on one VM; exit 2 if any was invalid, else 1 if any failed.
 * stacklab admin create | workshop create | workshop login | workshop progress
 *   The classroom server's accounts and workshops, on its database: see classroom.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { graderFor } from '../grading/grader.ts';
import { loadGrader } from '../grading/registry.ts';
import { lessonLinks } from '../exercises/lesson-links.ts';
import { readLessons } from '../exercises/lint.ts';
import { listExerciseIds, loadExercise } from '../exercises/load.ts';
import { withParameters } from '../exercises/parameters.ts';
import { answersOfRun } from '../exercises/answers.ts';
import { gradeMachine, prepareExercise, runSolution } from '../exercises/run.ts';
import { Machine } from '../vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../vm/node-assets.ts';
import { BundleError, regradeBundle } from '../exams/regrade.ts';
import { formatRegrade, regradeJson } from './format-regrade.ts';
import { formatReport } from './format-report.ts';
import { CLASSROOM_USAGE, ClassroomUsageError, classroomCommand } from './classroom.ts';
import { EXAM_USAGE, examCommand } from './exam.ts';
import { LTI_USAGE, LtiUsageError, ltiCommand } from './lti.ts';
import { PACKAGE_USAGE, PackageUsageError, packageCommand } from './package.ts';

const USAGE = `usage:
  stacklab list [--json]
  stacklab grade <exercise-id> --solution <file.sh> [--seed <seed>] [--json]
  stacklab regrade <bundle.json>... [--json]
${CLASSROOM_USAGE}
${LTI_USAGE}
${PACKAGE_USAGE}
${EXAM_USAGE}`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'admin' || argv[0] === 'workshop') return classroomCommand(argv);
  if (argv[0] === 'exam') return examCommand(argv);
  if (argv[0] === 'worker') return (await import('./worker.ts')).workerCommand();
  if (argv[0] === 'lti') return ltiCommand(argv.slice(1));
  if (argv[0] === 'package') return packageCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, solution: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'list') {
    const exercises = listExerciseIds().map((x) => loadExercise(x));
    const { lessonsOf } = lessonLinks(readLessons());
    if (values.json) console.log(JSON.stringify(exercises.map((e) => ({ id: e.id, title: e.title, lesson: lessonsOf.get(e.id)?.[0] ?? null, difficulty: e.difficulty })), null, 2));
    else for (const e of exercises) console.log(`${e.id.padEnd(24)} ${e.title}`);
    return 0;
  }
  if (command === 'grade') {
    if (!id || !values.solution) throw new UsageError('grade needs an exercise id and --solution <file.sh>');
    if (!existsSync(values.solution)) throw new UsageError(`no such file: ${values.solution}`);
    const exercise = loadExercise(id, undefined, values.seed);
    if (values.seed !== undefined && !values.json) console.log(`${id} with seed ${values.seed}: ${JSON.stringify(exercise.values)}`);
    const assets = loadNodeAssets();
    const { state } = await loadNodeSnapshot(assets);
    const machine = await Machine.start(assets, { kind: 'state', state });
    try {
      await prepareExercise(machine, exercise.setup);
      const run = await runSolution(machine, withParameters(readFileSync(values.solution, 'utf8'), exercise.values));
      const report = await gradeMachine(machine, graderFor(await loadGrader(id), exercise.values, answersOfRun(exercise, run.stdout)));
      console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report, exercise.title));
      return report.status === 'pass' ? 0 : report.status === 'fail' ? 1 : 2;
    } finally {
      await machine.destroy();
    }
  }
  if (command === 'regrade') {
    const files = positionals.slice(1);
    if (files.length === 0) throw new UsageError('regrade needs the path of a results bundle (or several)');
    for (const file of files) if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    if (files.length === 1) {
      const result = await regradeBundle(new Uint8Array(readFileSync(files[0]!)));
      console.log(values.json ? JSON.stringify(regradeJson(result), null, 2) : formatRegrade(result));
      return result.authoritative.passed ? 0 : 1;
    }
    return regradeMany(files, values.json ?? false);
  }
  throw new UsageError(`unknown command '${command}'`);
}

/** Re-grades several bundles on one VM: a line (or JSON record) each, then exit 2 if any was invalid, 1 if any failed. */
async function regradeMany(files: string[], json: boolean): Promise<number> {
  const assets = loadNodeAssets();
  const machine = await Machine.start(assets, { kind: 'state', state: (await loadNodeSnapshot(assets)).state });
  const rows: object[] = [];
  let worst = 0;
  try {
    for (const file of files) {
      try {
        const result = await regradeBundle(new Uint8Array(readFileSync(file)), { machine });
        const verdict = result.authoritative.passed ? 'pass' : 'fail';
        worst = Math.max(worst, result.authoritative.passed ? 0 : 1);
        if (json) rows.push({ file, ...regradeJson(result) });
        else console.log(`${file}\t${verdict.toUpperCase()}\t${result.authoritative.points}/${result.authoritative.maximum}\t${result.agrees ? 'agrees' : `DISAGREES: ${result.differences.join('; ')}`}`);
      } catch (error) {
        if (!(error instanceof BundleError)) throw error;
        worst = 2;
        if (json) rows.push({ file, invalid: error.message });
        else console.log(`${file}\tINVALID\t${error.message.split('\n')[0]}`);
      }
    }
  } finally {
    await machine.destroy();
  }
  if (json) console.log(JSON.stringify(rows, null, 2));
  return worst;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`stacklab: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError || error instanceof ClassroomUsageError || error instanceof LtiUsageError || error instanceof PackageUsageError) console.error(USAGE);
    process.exit(2);
  },
);
