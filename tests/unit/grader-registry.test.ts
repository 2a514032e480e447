/** The grader registry: graders/<id>.ts found by file name, with errors that say what to add. */
import { describe, expect, it } from 'vitest';
import { listExerciseIds } from '../../src/exercises/load.ts';
import { loadGrader, loadGraders, MissingGraderError } from '../../src/grading/registry.ts';

describe('loadGrader', () => {
  it("finds every exercise's grader by its file name, each grading its own exercise", async () => {
    const ids = listExerciseIds();
    const graders = await loadGraders(ids);
    expect(Object.keys(graders).sort()).toEqual(ids);
    for (const id of ids) expect(graders[id]!.exercise).toBe(id);
  });

  it('says which file to add when an exercise has no grader', async () => {
    const error = await loadGrader('no-such-exercise').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingGraderError);
    expect((error as Error).message).toBe("no-such-exercise has no grader: add graders/no-such-exercise.ts (export default defineGrader({ exercise: 'no-such-exercise', ... })).");
  });

  it('never imports anything but graders/<id>.ts: an id that is not an exercise id is no grader', async () => {
    for (const id of ['lib/probes', '../src/grading/check', 'ETH1-UP']) {
      await expect(loadGrader(id)).rejects.toBeInstanceOf(MissingGraderError);
    }
  });
});
