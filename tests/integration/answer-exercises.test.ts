/**
 * Answer exercises (src/exercises/answers.ts) hold no stored answer: each set-up draws what the
 * questions ask about afresh, so answers found after one set-up differ after the next, and
 * the first set-up's answers (found by the reference solution, as a learner would) fail on
 * the second. On the real guest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersOfRun } from '../../src/exercises/answers.ts';
import { loadExercise } from '../../src/exercises/load.ts';
import { gradeMachine, prepareExercise, runSolution } from '../../src/exercises/run.ts';
import { graderFor } from '../../src/grading/grader.ts';
import { loadGrader } from '../../src/grading/registry.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { startFromSnapshot } from './vm-helpers.ts';

let machine: Machine;
beforeAll(async () => {
  machine = await startFromSnapshot();
});
afterAll(async () => {
  await machine?.destroy();
});

/** The exercises that ask questions (exercise.json's questions). */
const answerExercises = ['read-the-fdb', 'trace-the-drop'];

describe.each(answerExercises)('answer exercise %s', (id) => {
  it('draws other answers at each set-up, and the last set-up\'s answers fail on the next', { timeout: 300_000 }, async () => {
    const exercise = loadExercise(id);
    expect(exercise.questions, `${id} asks no questions`).toBeDefined();
    const grader = await loadGrader(id);
    const answersAfterSetUp = async () => {
      await prepareExercise(machine, exercise.setup);
      const run = await runSolution(machine, exercise.solution);
      return answersOfRun(exercise, run.stdout)!;
    };

    const first = await answersAfterSetUp();
    expect((await gradeMachine(machine, graderFor(grader, undefined, first))).status).toBe('pass');

    const second = await answersAfterSetUp();
    const changed = Object.keys(second).filter((question) => second[question] !== first[question]);
    expect(changed, `both set-ups gave ${JSON.stringify(first)}`).not.toEqual([]);
    expect((await gradeMachine(machine, graderFor(grader, undefined, second))).status).toBe('pass');

    const stale = await gradeMachine(machine, graderFor(grader, undefined, first));
    expect(stale.status).toBe('fail');
    for (const question of changed) {
      const result = stale.checks.find((c) => c.id === question);
      expect(result?.status, `${question}: ${JSON.stringify(stale.checks, null, 2)}`).toBe('fail');
      expect(result!.message).toContain(`You answered ${question === 'handle' ? 'handle ' : ''}${first[question]}`);
    }
  });
});
