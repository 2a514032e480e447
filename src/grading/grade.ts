/**
 * Grading a collected state: the one path from the collection's raw output (or the Error that
 * stopped it) to a report, used by a learner's Check (src/exercises/run.ts), the exam
 * re-grade (src/exams/trusted-grading.ts) and the recorded-state tests alike.
 *
 * @example gradeOutput(grader, machineOutput)          // parse, then run the checks
 * @example gradeOutput(grader, new Error('agent-timeout')) // every check skipped, status error
 */
import { parseCollectedState, terminalOf } from '../state/collect.ts';
import { grade, GraderBugError, maximumOf } from './check.ts';
import type { Grader } from './grader.ts';
import { GRADER_BUG_MESSAGE, type Report } from './report.ts';

/**
 * Parses `output` for `grader.request` and runs its checks. Output that cannot be parsed, or an
 * Error in its place, gives a report with status error (fault could-not-run). A grader that
 * throws anything but a ProbeError throws GraderBugError: that is the author's bug, never a
 * report. A report graded while the learner's terminal ran a command says so in `notice`.
 */
export function gradeOutput(grader: Grader, output: string | Error): Report {
  let state;
  try {
    state = output instanceof Error ? output : parseCollectedState(output, grader.request);
  } catch (error) {
    state = error instanceof Error ? error : new Error(String(error));
  }
  const report = grade(grader.exercise, grader.checks, state);
  // Read on its own when the rest could not be: a command still running is the likely reason.
  const terminal = state instanceof Error ? (typeof output === 'string' ? terminalOf(output) : undefined) : state.terminal;
  // A pass needs no caveat: everything it names held when the Check read the VM.
  if (report.status === 'pass') return report;
  if (terminal?.busy) report.notice = runningCommandNotice(terminal.command);
  else if (terminal?.typedAhead) report.notice = TYPED_AHEAD_NOTICE;
  return report;
}

/**
 * Said with a report whose collection began while lines typed in the learner's terminal waited
 * for the shell (the agent counts them as the collection starts, so some may have run during it).
 */
export const TYPED_AHEAD_NOTICE =
  'Some commands you typed in the terminal had not run yet when this Check began, so the report may not show what they do. Wait for the prompt to come back after the last one, then Check again.';

/** Said with a report graded while the learner's terminal was still running a command. */
export const runningCommandNotice = (command?: string) =>
  `A command is still running in the terminal${command ? ` (${command})` : ''}; whatever it has not done yet is not in this report. Let it finish (or press Ctrl-C), then Check again.`;

/**
 * A learner-facing grade: as gradeOutput, but a broken grader gives a report with status error
 * (fault grader-bug) and a short apology, and the full error goes to the console for the author.
 */
export function gradeForLearner(grader: Grader, output: string | Error): Report {
  try {
    return gradeOutput(grader, output);
  } catch (error) {
    if (!(error instanceof GraderBugError)) throw error;
    console.error(error);
    return {
      exercise: grader.exercise,
      status: 'error',
      fault: 'grader-bug',
      score: 0,
      maximum: maximumOf(grader.checks),
      message: GRADER_BUG_MESSAGE,
      checks: [],
    };
  }
}
