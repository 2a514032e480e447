/**
 * The exam's use of the page's VM: putting a task on screen (through the one hand-over,
 * src/lib/vm-handover.ts) and grading every started task at the end. No DOM: <stacklab-exam>
 * turns what these return into words.
 */
import type { Exam, ExamReport, ExamTask } from '../exams/schema.ts';
import type { Report } from '../grading/report.ts';
import type { GuestMachine } from '../vm/machine-api.ts';
import { activeExercise, saveActiveExercise, setActiveExercise } from './exercise-session.ts';
import { loadExerciseState } from './exercise-states.ts';
import { dispatch } from './events.ts';
import { taskStateKey, type Sitting } from './exam-sitting.ts';
import { holdTyping } from './terminal-input.ts';
import { handOverVm } from './vm-handover.ts';

/** How a task comes on screen: first time, coming back to it, or after the candidate reset the VM. */
export type TaskArrival = 'new' | 'resume' | 'reset';

/** What happened: restored from its saved state, set up from its start, or overtaken (the sitting left 'running'). */
export type TaskOnScreen = 'restored' | 'set-up' | 'overtaken';

export const taskKey = (sitting: Pick<Sitting, 'examId' | 'seed'>, taskId: string) => taskStateKey(sitting.examId, sitting.seed, taskId);

/** The task's position (1-based) and definition. */
export function taskById(exam: Exam, taskId: string): { task: ExamTask; number: number } {
  const index = exam.tasks.findIndex((t) => t.id === taskId);
  return { task: exam.tasks[index]!, number: index + 1 };
}

/**
 * Hands the VM to `task`: whatever it held is saved first (the previous task, or a lesson's
 * exercise), then the task's saved state is restored ('resume'), or the task is set up.
 */
export async function bringTask(machine: GuestMachine, sitting: Sitting, task: ExamTask, how: TaskArrival, stillWanted: () => boolean): Promise<TaskOnScreen> {
  const key = taskKey(sitting, task.id);
  const result = await handOverVm(machine, {
    to: key,
    stillWanted,
    replacement: async () => {
      const state = how === 'resume' ? await loadExerciseState(key) : undefined;
      if (state) return { kind: 'restore', state };
      const { sittingTask } = await import('./exam-results.ts');
      return { kind: 'setup', script: sittingTask(sitting, task).setup };
    },
  });
  if (result.outcome !== 'done') return 'overtaken';
  return result.replacement.kind === 'restore' ? 'restored' : 'set-up';
}

/**
 * Grades every started task of a submitted sitting in the VM: the task on screen is saved as
 * it was at submission, then each task's state is restored and graded with its grader for the
 * drawn values. The VM is left released (no task active) and announced as replaced. Typing
 * is held until the end, so it cannot change a task while it is graded.
 */
export async function gradeInVm(machine: GuestMachine, exam: Exam, sitting: Sitting, onTask: (index: number, count: number) => void): Promise<ExamReport> {
  // Typing meanwhile would reach the task being graded, and could change its verdict.
  const releaseTyping = holdTyping();
  try {
    return await gradeEachTask(machine, exam, sitting, onTask);
  } finally {
    releaseTyping();
  }
}

async function gradeEachTask(machine: GuestMachine, exam: Exam, sitting: Sitting, onTask: (index: number, count: number) => void): Promise<ExamReport> {
  if (activeExercise() === taskKey(sitting, sitting.currentTask)) await saveActiveExercise(machine);
  setActiveExercise(undefined);
  const [{ gradeMachine }, { loadGrader }, { graderFor }, { gradeSitting }] = await Promise.all([
    import('../exercises/run.ts'),
    import('../grading/registry.ts'),
    import('../grading/grader.ts'),
    import('./exam-results.ts'),
  ]);
  const report = await gradeSitting(exam, sitting, {
    loadState: loadExerciseState,
    gradeState: async (task, state, values, answers): Promise<Report> => {
      const grader = await loadGrader(task.exercise);
      await machine.restoreState(state);
      return gradeMachine(machine, graderFor(grader, values, answers));
    },
    onTask: (_task, index, count) => onTask(index, count),
  });
  // Left released, holding the last task graded: no exercise is active to save.
  dispatch('stacklab:vm-replaced', { restored: true });
  return report;
}
