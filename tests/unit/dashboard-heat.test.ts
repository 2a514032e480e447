/** The dashboard's cell: its heat and its words follow what the learner's work earned, not the checks the set-up already satisfied. */
import { describe, expect, it } from 'vitest';
import { heat, scoreLabel } from '../../src/lib/classroom/dashboard-view.ts';
import type { ExerciseProgress } from '../../src/server/schemas.ts';

const cell = (best: number, max: number, earned: number, earnedMax: number): ExerciseProgress => ({
  best,
  max,
  earned,
  earnedMax,
  status: 'fail',
  failingCheck: null,
  reports: 1,
  hints: 0,
  solutionRevealed: false,
});

describe('a dashboard cell', () => {
  it('is cold for an untouched lab whose Check passes only what the set-up made', () => {
    expect(heat(cell(3, 8, 0, 5))).toBe(0);
    expect(heat(cell(6, 8, 3, 5))).toBe(0.6);
  });

  it('is not started, or empty with nothing to earn', () => {
    expect(heat(undefined)).toBe(-1);
    expect(heat({ ...cell(0, 0, 0, 0), status: 'not-started' })).toBe(-1);
    expect(heat(cell(0, 0, 0, 0))).toBe(0);
  });

  it('names the learner\'s own figure where the set-up\'s checks make it differ, and only there', () => {
    expect(scoreLabel(cell(3, 8, 0, 5))).toBe("0/5 earned (the learner's report says 3/8, counting the checks the set-up already satisfies)");
    expect(scoreLabel(cell(2, 4, 2, 4))).toBe('2/4');
    expect(scoreLabel(cell(8, 8, 5, 5)), 'solved: both say all of it').toBe('5/5');
  });
});
