/**
 * Where an exam sitting stands, as one typed value, and the one pure function that moves it:
 * <stacklab-exam> keeps an ExamState, feeds each thing that happens to examTransition(), and
 * renders what comes back (it mirrors `phase` in data-phase). Each phase carries exactly what
 * it needs: a running sitting has no submission yet, a grading one has its submission, a
 * finished one its report. A move the phase does not allow returns the state unchanged.
 *
 * @example
 * let state = examTransition({ phase: 'loading' }, { type: 'loaded' }); // { phase: 'intro' }
 * state = examTransition(state, { type: 'begin', sitting: beginSitting(exam, seed, now) }); // running
 * state = examTransition(state, { type: 'submit', by: 'timer', now: new Date() }); // grading
 */
import type { ExamReport } from '../exams/schema.ts';
import type { Answers } from '../exercises/answers.ts';
import { submit, switchTask, withAnswers, withReport, type Sitting } from './exam-sitting.ts';

export type Submitted = Sitting & { submission: NonNullable<Sitting['submission']> };
export type Graded = Submitted & { report: ExamReport };

export type ExamState =
  /** The exam definition is being read (or could not be). */
  | { phase: 'loading' }
  /** The rules; Start once the VM runs. No sitting. */
  | { phase: 'intro' }
  /** The clock runs; one task on screen. */
  | { phase: 'running'; sitting: Sitting }
  /** Submitted: every started task is being graded (again, after a reload or Grade again). */
  | { phase: 'grading'; sitting: Submitted }
  /** The report is in; the bundle can be made. */
  | { phase: 'finished'; sitting: Graded };

export type ExamPhase = ExamState['phase'];

export type ExamEvent =
  /** The exam was read; `sitting` is the stored one, if any. */
  | { type: 'loaded'; sitting?: Sitting }
  /** Start: a new sitting begins. */
  | { type: 'begin'; sitting: Sitting }
  /** The candidate puts another task on screen. */
  | { type: 'switch'; taskId: string }
  /** The candidate typed into an answer exercise's fields (the task on screen). */
  | { type: 'answer'; answers: Answers }
  /** Submit (the candidate, confirmed) or the clock reaching zero. */
  | { type: 'submit'; by: 'candidate' | 'timer'; now: Date }
  /** Every started task was graded. */
  | { type: 'graded'; report: ExamReport }
  /** Sit it again: the sitting is forgotten. */
  | { type: 'forget' };

const isSubmitted = (sitting: Sitting): sitting is Submitted => sitting.submission !== undefined;
const isGraded = (sitting: Sitting): sitting is Graded => isSubmitted(sitting) && sitting.report !== undefined;

/** The phase a stored sitting resumes in. */
export function resumedState(sitting: Sitting | undefined): ExamState {
  if (!sitting) return { phase: 'intro' };
  if (isGraded(sitting)) return { phase: 'finished', sitting };
  if (isSubmitted(sitting)) return { phase: 'grading', sitting };
  return { phase: 'running', sitting };
}

export function examTransition(state: ExamState, event: ExamEvent): ExamState {
  switch (event.type) {
    case 'loaded':
      return state.phase === 'loading' ? resumedState(event.sitting) : state;
    case 'begin':
      return state.phase === 'intro' ? { phase: 'running', sitting: event.sitting } : state;
    case 'switch':
      return state.phase === 'running' && state.sitting.currentTask !== event.taskId ? { phase: 'running', sitting: switchTask(state.sitting, event.taskId) } : state;
    case 'answer':
      return state.phase === 'running' ? { phase: 'running', sitting: withAnswers(state.sitting, state.sitting.currentTask, event.answers) } : state;
    case 'submit':
      return state.phase === 'running' ? { phase: 'grading', sitting: submit(state.sitting, event.by, event.now) as Submitted } : state;
    case 'graded':
      return state.phase === 'grading' ? { phase: 'finished', sitting: withReport(state.sitting, event.report) as Graded } : state;
    case 'forget':
      return state.phase === 'finished' ? { phase: 'intro' } : state;
  }
}
