/**
 * What a learner's event changes besides the log: the learner's current exercise and lesson,
 * their progress on the exercise (best whole and earned scores, status, the failing check and how many reports
 * in a row it failed), the raised-hand queue, and (on leaving) an open terminal peek. Runs inside the event's transaction.
 */
import type { Selectable, Transaction } from 'kysely';
import type { LearnerEvent } from '../schemas.ts';
import type { Database, ProgressTable } from '../storage/schema.ts';
import type { Learner } from './learners.ts';

type Trx = Transaction<Database>;
type Progress = Selectable<ProgressTable>;

/** pass beats fail beats error beats started: a learner who passed once has passed. */
const RANK: Record<string, number> = { started: 0, error: 1, fail: 2, pass: 3 };

export async function applyLearnerEvent(trx: Trx, now: number, learner: Learner, event: LearnerEvent): Promise<Record<string, unknown>> {
  switch (event.type) {
    case 'exercise-started':
      await ensureProgress(trx, now, learner, event.exercise);
      await setCurrentExercise(trx, now, learner.id, event.exercise);
      return {};
    case 'check-report':
      await recordReport(trx, now, learner, event);
      return {};
    case 'hint-shown': {
      const progress = await ensureProgress(trx, now, learner, event.exercise);
      await trx.updateTable('progress').set({ hints: progress.hints + 1, updated_at: now }).where('learner_id', '=', learner.id).where('exercise_id', '=', event.exercise).execute();
      return {};
    }
    case 'solution-revealed':
      await ensureProgress(trx, now, learner, event.exercise);
      await trx.updateTable('progress').set({ solution_revealed: 1, updated_at: now }).where('learner_id', '=', learner.id).where('exercise_id', '=', event.exercise).execute();
      return {};
    case 'lesson-viewed':
      await trx.updateTable('learners').set({ current_lesson: event.lesson }).where('id', '=', learner.id).execute();
      return {};
    case 'hand-raised': {
      const hand = await trx.insertInto('hands').values({ workshop_id: learner.workshopId, learner_id: learner.id, message: event.message, raised_at: now, acknowledged_at: null, resolved_at: null }).returning('id').executeTakeFirstOrThrow();
      return { hand: hand.id };
    }
    case 'left':
      await trx.updateTable('learners').set({ left_at: now }).where('id', '=', learner.id).execute();
      await trx.updateTable('hands').set({ resolved_at: now }).where('learner_id', '=', learner.id).where('resolved_at', 'is', null).execute();
      // A learner who leaves shares nothing more: their open peek ends and its frames go.
      await trx.deleteFrom('peek_frames').where('peek_id', 'in', trx.selectFrom('peeks').select('id').where('learner_id', '=', learner.id)).execute();
      await trx.updateTable('peeks').set({ status: 'ended', ended_at: now }).where('learner_id', '=', learner.id).where('status', 'in', ['requested', 'active']).execute();
      return {};
  }
}

async function ensureProgress(trx: Trx, now: number, learner: Learner, exercise: string): Promise<Progress> {
  const existing = await trx.selectFrom('progress').selectAll().where('learner_id', '=', learner.id).where('exercise_id', '=', exercise).executeTakeFirst();
  if (existing) return existing;
  return trx
    .insertInto('progress')
    .values({ learner_id: learner.id, exercise_id: exercise, workshop_id: learner.workshopId, best_score: 0, max_score: 0, status: 'started', reports: 0, last_checks: '[]', failing_check: null, failing_title: null, same_failure_count: 0, hints: 0, solution_revealed: 0, started_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moving to another exercise restarts the clock on it and counts as progress. */
async function setCurrentExercise(trx: Trx, now: number, learnerId: number, exercise: string): Promise<void> {
  await trx
    .updateTable('learners')
    .set((eb) => ({
      current_since: eb.case().when('current_exercise', '=', exercise).then(eb.ref('current_since')).else(now).end(),
      last_progress_at: eb.case().when('current_exercise', '=', exercise).then(eb.ref('last_progress_at')).else(now).end(),
      current_exercise: exercise,
    }))
    .where('id', '=', learnerId)
    .execute();
}

async function recordReport(trx: Trx, now: number, learner: Learner, report: Extract<LearnerEvent, { type: 'check-report' }>): Promise<void> {
  const before = await ensureProgress(trx, now, learner, report.exercise);
  await setCurrentExercise(trx, now, learner.id, report.exercise);
  const failing = report.status === 'pass' ? undefined : report.checks.find((c) => c.status === 'fail' || c.status === 'error');
  const sameAgain = failing !== undefined && failing.id === before.failing_check;
  const earned = report.earned ?? { score: report.score, max: report.max };
  // Progress is what the work earned: a Check that finds only what the set-up made is none.
  const improved = earned.score > before.best_earned || (report.status === 'pass' && before.status !== 'pass');
  await trx
    .updateTable('progress')
    .set({
      best_score: Math.max(before.best_score, report.score),
      max_score: report.max,
      best_earned: Math.max(before.best_earned, earned.score),
      earned_max: earned.max,
      status: (RANK[report.status] ?? 0) > (RANK[before.status] ?? 0) ? report.status : before.status,
      reports: before.reports + 1,
      last_checks: JSON.stringify(report.checks.map((c) => ({ id: c.id, title: c.title ?? c.id, status: c.status }))),
      failing_check: failing?.id ?? null,
      failing_title: failing ? (failing.title ?? failing.id) : null,
      same_failure_count: failing ? (sameAgain ? before.same_failure_count + 1 : 1) : 0,
      updated_at: now,
    })
    .where('learner_id', '=', learner.id)
    .where('exercise_id', '=', report.exercise)
    .execute();
  if (improved) await trx.updateTable('learners').set({ last_progress_at: now }).where('id', '=', learner.id).execute();
}
