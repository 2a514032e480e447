/**
 * Sitting an exam headlessly in Node, as the browser does it: each task set up with its drawn
 * parameters, optionally solved with its reference solution, graded, and its VM state saved
 * into a results bundle. For tests and benchmarks of the re-grader.
 */
import { answersOfRun } from '../exercises/answers.ts';
import { graderFor } from '../grading/grader.ts';
import { loadGrader } from '../grading/registry.ts';
import type { Report } from '../grading/report.ts';
import { loadExercise } from '../exercises/load.ts';
import { gradeMachine, prepareExercise, runSolution } from '../exercises/run.ts';
import type { GuestMachine } from '../vm/machine-api.ts';
import { encodeState } from './bundle-codec.ts';
import { BUNDLE_FORMAT, type Bundle, type Exam } from './schema.ts';
import { scoreExam, taskSeed } from './score.ts';

/** Per task id: 'solution' runs the reference solution, 'start' leaves the start state; absent = never started. */
export type Attempt = Record<string, 'solution' | 'start'>;

export async function sitExam(machine: GuestMachine, exam: Exam, seed: string, attempt: Attempt, imageBuild: string): Promise<Bundle> {
  const startedAt = new Date().toISOString();
  const tasks: Bundle['tasks'] = [];
  const reports: Record<string, Report | null> = {};
  for (const task of exam.tasks) {
    const exercise = loadExercise(task.exercise, undefined, taskSeed(seed, task.id));
    const mode = attempt[task.id];
    if (!mode) {
      tasks.push({ id: task.id, exercise: task.exercise, values: exercise.values, state: null });
      continue;
    }
    await prepareExercise(machine, exercise.setup);
    // An answer exercise's solution prints its answers (src/exercises/answers.ts); the start state answers nothing.
    const answers = mode === 'solution' ? answersOfRun(exercise, (await runSolution(machine, exercise.solution)).stdout) : exercise.questions && {};
    reports[task.id] = await gradeMachine(machine, graderFor(await loadGrader(task.exercise), exercise.values, answers));
    tasks.push({ id: task.id, exercise: task.exercise, values: exercise.values, ...(answers ? { answers } : {}), state: await encodeState(await machine.saveState()) });
  }
  return {
    format: BUNDLE_FORMAT,
    formatVersion: 1,
    exam: { id: exam.id, version: exam.version },
    image: { build: imageBuild },
    seed,
    startedAt,
    endedAt: new Date().toISOString(),
    submittedBy: 'candidate',
    tasks,
    browserReport: scoreExam(exam, reports),
  };
}
