/**
 * The proof, on the real guest: for every exercise the start state fails, the reference and
 * every alternative solution score 100%, and every recorded wrong attempt fails the check it
 * names with the message it names. Parameterized exercises are proven with several seeds too.
 * An answer exercise's scripts print their answers on their last line (src/exercises/answers.ts);
 * each is graded with the answers it printed, and the start state with none.
 *
 * The exercises are split into SHARDS test files (exercises-<n>.test.ts), each with its own
 * VM, so the proof runs on every core; they are split by their cost, so one shard with the FRR
 * exercise does not run minutes after the other has finished.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersOfRun } from '../../src/exercises/answers.ts';
import { graderFor } from '../../src/grading/grader.ts';
import { givenChecks, passingChecks } from '../support/given-checks.ts';
import { loadGraders } from '../../src/grading/registry.ts';
import { listExerciseIds, loadExercise } from '../../src/exercises/load.ts';
import { gradeMachine, prepareExercise, runSolution } from '../../src/exercises/run.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { startFromSnapshot } from './vm-helpers.ts';

/** STACKLAB_PROVE_ONLY=id,id proves only those exercises (a new exercise while writing it; the acceptance test). */
const proven = process.env.STACKLAB_PROVE_ONLY?.split(',').filter(Boolean) ?? listExerciseIds();
const graders = await loadGraders(proven);

export const SHARDS = 2;

/** Exams draw parameters from a seed: every variant must be as sound as the default one. */
const SEEDS = ['ci-seed-1', 'ci-seed-2', 'ci-seed-3'];

/**
 * A rough cost of proving exercise `id`: the scripts the proof runs for it, eight times over when
 * they start FRR's daemons, which take about 10 s of guest CPU each (docs/frr-in-the-guest.md):
 * bgp-peering's cases took 26 s each in CI, a plain exercise's 2-5 s.
 */
function proofCost(id: string): number {
  const exercise = loadExercise(id);
  const solutions = 1 + exercise.alternatives.length;
  const runs = 1 + solutions + exercise.wrongAttempts.length + (exercise.parameters ? SEEDS.length * (1 + solutions) + exercise.wrongAttempts.length + 1 : 0);
  const scripts = [exercise.solution, ...exercise.alternatives.map(exercise.read), ...exercise.wrongAttempts.map((w) => exercise.read(w.file))];
  return runs * (scripts.some((script) => /\b(bgpd|zebra|ospfd)\b/.test(script)) ? 8 : 1);
}

/** The exercises split into SHARDS groups of about equal cost, each exercise to the group with the least so far, costliest first. */
function shardsByCost(ids: readonly string[]): string[][] {
  const shards = Array.from({ length: SHARDS }, () => ({ ids: [] as string[], cost: 0 }));
  for (const { id, cost } of ids.map((id) => ({ id, cost: proofCost(id) })).sort((a, b) => b.cost - a.cost || a.id.localeCompare(b.id))) {
    const lightest = shards.reduce((least, shard) => (shard.cost < least.cost ? shard : least));
    lightest.ids.push(id);
    lightest.cost += cost;
  }
  return shards.map((shard) => shard.ids.sort());
}

/** Proves the exercises of shard `shard` (0-based): its share of the exercises by their cost (shardsByCost). */
export function proveExercises(shard: number): void {
  const ids = shardsByCost(proven)[shard]!;
  if (ids.length === 0) return void it.skip(`no exercise falls to shard ${shard} of STACKLAB_PROVE_ONLY`, () => {});
  let machine: Machine;
  beforeAll(async () => {
    machine = await startFromSnapshot();
  });
  afterAll(async () => {
    await machine?.destroy();
  });

  describe.each(ids)('exercise %s', (id) => {
    const exercise = loadExercise(id);
    const grader = graders[id]!;

    it('does not pass in its start state', async () => {
      await prepareExercise(machine, exercise.setup);
      const report = await gradeMachine(machine, grader);
      expect(report.status, JSON.stringify(report, null, 2)).toBe('fail');
      expect(report.score).toBeLessThan(report.maximum);
      expect(givenChecks(report), 'the checks marked given are the ones that pass in the start state').toEqual(passingChecks(report));
    });

    it.each(['solution.sh', ...exercise.alternatives].map((file) => ({ file })))('scores full marks with $file', async ({ file }) => {
      await prepareExercise(machine, exercise.setup);
      const run = await runSolution(machine, exercise.read(file));
      const report = await gradeMachine(machine, graderFor(grader, undefined, answersOfRun(exercise, run.stdout)));
      expect(report.status, `${run.stderr}\n${JSON.stringify(report, null, 2)}`).toBe('pass');
      expect(report.score).toBe(report.maximum);
    });

    it.each(exercise.wrongAttempts)('fails $fails for $file', async (wrong) => {
      await prepareExercise(machine, exercise.setup);
      const run = await runSolution(machine, exercise.read(wrong.file));
      const report = await gradeMachine(machine, graderFor(grader, undefined, answersOfRun(exercise, run.stdout)));
      const named = report.checks.find((c) => c.id === wrong.fails);
      expect(report.status).toBe('fail');
      expect(named?.status, JSON.stringify(report.checks, null, 2)).toBe('fail');
      expect(named!.message).toMatch(new RegExp(wrong.message));
    });
  });

  const parameterized = ids.filter((id) => loadExercise(id).parameters);

  if (parameterized.length === 0) return;
  describe.each(parameterized)('exercise %s with parameters drawn from a seed', (id) => {
    it.each(SEEDS)('%s: the start fails, the reference and every alternative score full marks', async (seed) => {
      const exercise = loadExercise(id, undefined, seed);
      const grader = graderFor(graders[id]!, exercise.values);
      await prepareExercise(machine, exercise.setup);
      const start = await gradeMachine(machine, grader);
      expect(start.status, JSON.stringify(start, null, 2)).toBe('fail');
      expect(givenChecks(start), 'the checks marked given are the ones that pass in the start state').toEqual(passingChecks(start));
      for (const file of ['solution.sh', ...exercise.alternatives]) {
        await prepareExercise(machine, exercise.setup);
        const run = await runSolution(machine, exercise.read(file));
        const report = await gradeMachine(machine, grader);
        expect(report.status, `${file} with ${JSON.stringify(exercise.values)}\n${run.stderr}\n${JSON.stringify(report, null, 2)}`).toBe('pass');
      }
    });

    it.each(loadExercise(id).wrongAttempts)(`${SEEDS[0]}: $file fails $fails, as at the defaults`, async (wrong) => {
      const exercise = loadExercise(id, undefined, SEEDS[0]);
      await prepareExercise(machine, exercise.setup);
      const run = await runSolution(machine, exercise.read(wrong.file));
      const report = await gradeMachine(machine, graderFor(graders[id]!, exercise.values, answersOfRun(exercise, run.stdout)));
      expect(report.status).toBe('fail');
      expect(report.checks.find((c) => c.id === wrong.fails)?.status, `${JSON.stringify(exercise.values)}\n${run.stderr}\n${JSON.stringify(report.checks, null, 2)}`).toBe('fail');
    });

    it('a default-parameter solution does not pass a drawn variant', async () => {
      const drawn = loadExercise(id, undefined, SEEDS[0]);
      const defaults = loadExercise(id);
      expect(drawn.values).not.toEqual(defaults.values);
      await prepareExercise(machine, drawn.setup);
      await runSolution(machine, defaults.solution);
      expect((await gradeMachine(machine, graderFor(graders[id]!, drawn.values))).status).toBe('fail');
    });
  });
}
