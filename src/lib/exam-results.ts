/**
 * The end of a sitting: grading every started task from its saved VM state, and the results
 * bundle the candidate downloads (bundleSchema). Both read the task states through a loader,
 * so the browser passes IndexedDB and the tests pass a Map.
 *
 * A task that was started but whose state cannot be found is treated like one never started
 * (no state in the bundle, no points), the same as the re-grader will see it.
 */
import type { Report } from '../grading/report.ts';
import { encodeState } from '../exams/bundle-codec.ts';
import { BUNDLE_FORMAT, bundleSchema, type Bundle, type Exam, type ExamReport, type ExamTask } from '../exams/schema.ts';
import { scoreExam, taskSeed } from '../exams/score.ts';
import type { Answers } from '../exercises/answers.ts';
import type { ParameterValues } from '../exercises/parameters.ts';
import { instantiateExercise } from './exercise-catalog.ts';
import { taskStateKey, type Sitting } from './exam-sitting.ts';
import { messageOf } from './message-of.ts';

export type LoadState = (key: string) => Promise<ArrayBuffer | undefined>;

/** A task of this sitting as the candidate got it: its drawn values, task text and set-up. */
export const sittingTask = (sitting: Pick<Sitting, 'seed'>, task: ExamTask) => instantiateExercise(task.exercise, taskSeed(sitting.seed, task.id));

export const stateKeyOf = (sitting: Pick<Sitting, 'examId' | 'seed'>, taskId: string) => taskStateKey(sitting.examId, sitting.seed, taskId);

export interface GradingSteps {
  loadState: LoadState;
  /** Restores `state` in the VM and grades it with the task's grader for `values` and, for an answer exercise, the typed `answers`. */
  gradeState: (task: ExamTask, state: ArrayBuffer, values: ParameterValues, answers?: Answers) => Promise<Report>;
  /** Told before each task is graded (1-based), for a progress line. */
  onTask?: (task: ExamTask, index: number, count: number) => void;
}

/** Grades every started task in exam order and scores the exam; a task that cannot be graded gets an error report (no points). */
export async function gradeSitting(exam: Exam, sitting: Sitting, steps: GradingSteps): Promise<ExamReport> {
  const started = exam.tasks.filter((task) => sitting.startedTasks.includes(task.id));
  const reports: Record<string, Report | null> = {};
  for (const [index, task] of started.entries()) {
    steps.onTask?.(task, index + 1, started.length);
    const state = await steps.loadState(stateKeyOf(sitting, task.id));
    if (!state) {
      reports[task.id] = null;
      continue;
    }
    try {
      reports[task.id] = await steps.gradeState(task, state, sittingTask(sitting, task).values, answersOf(sitting, task));
    } catch (error) {
      const message = `the task could not be graded: ${messageOf(error)}`;
      reports[task.id] = { exercise: task.exercise, status: 'error', score: 0, maximum: 0, message, checks: [] };
    }
  }
  return scoreExam(exam, reports);
}

/** The answers of an answer exercise's task (none typed: every question unanswered); undefined for a task that asks nothing. */
function answersOf(sitting: Sitting, task: ExamTask): Answers | undefined {
  return sittingTask(sitting, task).definition.questions ? (sitting.answers?.[task.id] ?? {}) : undefined;
}

/** The results bundle of a graded sitting, validated against bundleSchema before it is returned. */
export async function buildBundle(exam: Exam, sitting: Sitting, loadState: LoadState): Promise<Bundle> {
  if (!sitting.submission || !sitting.report) throw new Error('The exam has not been submitted and graded yet, so there is no bundle to build.');
  const tasks = [];
  for (const task of exam.tasks) {
    const state = sitting.startedTasks.includes(task.id) ? await loadState(stateKeyOf(sitting, task.id)) : undefined;
    const answers = answersOf(sitting, task);
    tasks.push({ id: task.id, exercise: task.exercise, values: sittingTask(sitting, task).values, ...(answers ? { answers } : {}), state: state ? await encodeState(state) : null });
  }
  return bundleSchema.parse({
    format: BUNDLE_FORMAT,
    formatVersion: 1,
    exam: { id: exam.id, version: exam.version },
    ...(sitting.imageBuild ? { image: { build: sitting.imageBuild } } : {}),
    seed: sitting.seed,
    startedAt: sitting.startedAt,
    endedAt: sitting.submission.endedAt,
    submittedBy: sitting.submission.submittedBy,
    tasks,
    browserReport: sitting.report,
  } satisfies Bundle);
}

/** The file name a bundle is downloaded as: exam, seed and end time, safe on every file system. */
export function bundleFileName(bundle: Pick<Bundle, 'exam' | 'seed' | 'endedAt'>): string {
  const stamp = bundle.endedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
  return `stacklab-${bundle.exam.id}-${bundle.seed}-${stamp}.json`;
}
