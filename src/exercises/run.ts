/**
 * Running and grading an exercise on a machine: reset to the snapshot, run the set-up,
 * optionally run a solution as the learner would (bash, as root), then collect state in one
 * round trip and grade it.
 */
import { gradeForLearner } from '../grading/grade.ts';
import type { Grader } from '../grading/grader.ts';
import type { Report } from '../grading/report.ts';
import { buildCollectionScript } from '../state/collect.ts';
import { isVmError, VmError } from '../vm/errors.ts';
import type { GuestMachine } from '../vm/machine-api.ts';
import { measurePhase } from '../vm/perf-marks.ts';

export async function prepareExercise(machine: GuestMachine, setup: string): Promise<void> {
  await machine.reset();
  const result = await machine.exec(setup, { timeoutMs: 60_000 });
  if (result.exitCode !== 0) throw new Error(`The exercise's set-up failed (exit ${result.exitCode}):\n${result.stderr}${result.stdout}`);
}

/** Runs a learner's script with bash, as root, from /root; returns its exit code and output. */
export async function runSolution(machine: GuestMachine, script: string) {
  return machine.exec('cd /root && bash -s', { stdin: script, timeoutMs: 120_000 });
}

/**
 * The User Timing entry each collection leaves (in the browser's performance panel, and read
 * by the benchmarks): its duration is the round trip, `detail.guestMs` the agent's own time.
 * Only the latest is kept.
 */
export const COLLECT_MEASURE = 'stacklab:collect';

/** How long a collection may run in the guest, and how long its asker waits for the answer. */
export interface CollectLimits {
  timeoutMs: number;
  /** The whole Check's budget, the ping below included: past it the VM counts as not answering. */
  answerWithinMs?: number;
  /** First ask the agent whether it answers at all, and wait this long for that. */
  aliveWithinMs?: number;
  /** Give up once the guest has run this many instructions without answering (see guest-work.ts). */
  busyInstructions?: number;
}

/**
 * A learner's Check gives a report or says what is wrong within 10 s, whatever the guest
 * does:
 * - an agent that does not answer a ping within 6 s (stopped, or starved) is not answering (the
 *   ping waits behind a warm-up round in flight, which on a cold guest in a busy browser took
 *   over 3 s: a Check right after Start was reported as not answering);
 * - a guest that answers the ping but then runs 500 million instructions (7x the heaviest
 *   collection measured, about 4-6 s of a fork bomb) without answering is drowned in processes.
 * A healthy guest on a slow host runs few instructions a second, so its Check is not cut
 * short: a collection may run 20 s in the guest (a Check of a healthy guest takes well under a
 * second on an idle host; probes waiting for a dropped port take 2 s each).
 */
export const CHECK_LIMITS: CollectLimits = { timeoutMs: 20_000, answerWithinMs: 22_000, aliveWithinMs: 6_000, busyInstructions: 500e6 };

/** Tools (the CLI, the proof, exams graded in Node) may wait for a cold guest on a busy machine. */
const PATIENT_LIMITS: CollectLimits = { timeoutMs: 60_000 };

/** Said when the guest ran the collection past its limit. */
export const collectionTimeoutMessage = (timeoutMs: number) =>
  `the VM had not answered all of the Check's questions after ${timeoutMs / 1000} s (its probes wait for answers that may never come, and a guest kept busy runs them slowly)`;

/**
 * Collects the state `grader` needs in one agent round trip and returns the raw output. Leaves
 * the Check's `queue-wait` (from `since`, the Check's start), `guest` and `transfer` measures.
 */
export async function collectOutput(machine: GuestMachine, grader: Grader, limits: CollectLimits = PATIENT_LIMITS, since = performance.now()): Promise<string> {
  const deadline = limits.answerWithinMs === undefined ? undefined : performance.now() + limits.answerWithinMs;
  if (limits.aliveWithinMs !== undefined) await machine.ping(1000, { answerWithinMs: limits.aliveWithinMs });
  const started = performance.now();
  let sentAt = started;
  const answerWithinMs = deadline === undefined ? undefined : Math.max(0, deadline - started);
  const result = await machine
    .exec(buildCollectionScript(grader.request), {
      timeoutMs: limits.timeoutMs,
      answerWithinMs,
      busyInstructions: limits.busyInstructions,
      onSent: () => (sentAt = performance.now()),
    })
    .catch((error: unknown) => {
      // The driver's message quotes the command's start, which is the collection script's, not the learner's.
      if (isVmError(error, 'exec-timeout')) throw new VmError('exec-timeout', collectionTimeoutMessage(limits.timeoutMs), error.detail);
      throw error;
    });
  const roundTrip = performance.now() - sentAt;
  performance.clearMeasures(COLLECT_MEASURE);
  performance.measure(COLLECT_MEASURE, { start: started, detail: { exercise: grader.exercise, guestMs: result.durationMs } });
  measurePhase('check', 'queue-wait', since, sentAt - since);
  measurePhase('check', 'guest', sentAt, result.durationMs);
  measurePhase('check', 'transfer', sentAt + result.durationMs, roundTrip - result.durationMs);
  return result.stdout;
}

/** Collects and grades (src/grading/grade.ts); a collection that fails gives a report with status error. `since`: when the Check began. */
export async function gradeMachine(machine: GuestMachine, grader: Grader, limits: CollectLimits = PATIENT_LIMITS, since?: number): Promise<Report> {
  const output = await collectOutput(machine, grader, limits, since).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  const gradeStart = performance.now();
  const report = gradeForLearner(grader, output);
  measurePhase('check', 'grade', gradeStart);
  return report;
}
