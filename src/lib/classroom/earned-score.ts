/**
 * One rule for the dashboard's cells and `stacklab workshop progress`: when the learner's own
 * report (which counts the checks the set-up already satisfies) tells another story than the
 * score their work earned. 5/5 earned beside a report of 8/8 tells the same story; 0/5 beside 3/8
 * does not.
 */
import type { ExerciseProgress } from '../../server/schemas.ts';

export const reportTellsAnotherStory = (cell: Pick<ExerciseProgress, 'best' | 'max' | 'earned' | 'earnedMax'>): boolean =>
  cell.earned * cell.max !== cell.best * cell.earnedMax;
