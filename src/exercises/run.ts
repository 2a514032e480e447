/**
 * Running and grading an exercise on a machine: reset to the snapshot, run the set-up,
 * optionally run a solution as the learner would (bash, as root), then collect state in one
 * round trip and grade it.
 */
import { grade } from '../../graders/check.ts';
import type { Grader } from '../../graders/grader.ts';
import type { Report } from '../../graders/report.ts';
import { buildCollectionScript, parseCollectedState } from '../state/collect.ts';
import type { Machine } from '../vm/machine.ts';

export async function prepareExercise(machine: Machine, setup: string): Promise<void> {
  await machine.reset();
  const result = await machine.exec(setup, { timeoutMs: 60_000 });
  if (result.exitCode !== 0) throw new Error(`The exercise's set-up failed (exit ${result.exitCode}):\n${result.stderr}${result.stdout}`);
}

/** Runs a learner's script with bash, as root, from /root; returns its exit code and output. */
export async function runSolution(machine: Machine, script: string) {
  return machine.exec('cd /root && bash -s', { stdin: script, timeoutMs: 120_000 });
}

/**
 * The User Timing entry each collection leaves (in the browser's performance panel, and read
 * by the benchmarks): its duration is the round trip, `detail.guestMs` the agent's own time.
 * Only the latest is kept.
 */
export const COLLECT_MEASURE = 'stacklab:collect';

export async function gradeMachine(machine: Machine, grader: Grader): Promise<Report> {
  let state;
  try {
    const started = performance.now();
    const result = await machine.exec(buildCollectionScript(grader.request), { timeoutMs: 60_000 });
    performance.clearMeasures(COLLECT_MEASURE);
    performance.measure(COLLECT_MEASURE, { start: started, detail: { exercise: grader.exercise, guestMs: result.durationMs } });
    state = parseCollectedState(result.stdout, grader.request);
  } catch (error) {
    state = error instanceof Error ? error : new Error(String(error));
  }
  const report = grade(grader.exercise, grader.checks, state);
  if (!(state instanceof Error) && state.terminal?.busy) report.notice = runningCommandNotice(state.terminal.command);
  return report;
}

/** Said with a report graded while the learner's terminal was still running a command. */
export const runningCommandNotice = (command?: string) =>
  `A command is still running in the terminal${command ? ` (${command})` : ''}; whatever it has not done yet is not in this report. Let it finish (or press Ctrl-C), then Check again.`;

