/**
 * The scores Stacklab sends to an LMS line item:
 * - a self-paced exercise launched by LTI: the best Check result the learner's tab reported
 *   (the browser's own score, as for a workshop), posted each time it improves;
 * - an exam sitting launched by LTI: only the authoritative re-graded score, queued with the
 *   sitting's grade.
 * Both go through the outbox (./score-outbox.ts), which sends them until the platform takes them.
 */
import { z } from 'zod';
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { hashToken } from '../services/secrets.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { queueScore, sendScorePost } from './score-outbox.ts';

export const exerciseReportSchema = z.strictObject({
  exercise: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/),
  score: z.number().int().min(0).max(10_000),
  max: z.number().int().min(1).max(10_000),
});
export type ExerciseReport = z.infer<typeof exerciseReportSchema>;

export interface ScoreOutcome {
  best: { score: number; max: number };
  /** True when this (new best) score went to the platform now; when the platform refused it, the outbox sends it again later. */
  posted: boolean;
  /** Why nothing was posted, when nothing was. */
  reason?: string;
}

export interface LtiLaunch {
  id: number;
  userId: number;
  lineItemId: number | null;
  targetKind: string;
  targetId: string;
}

/** The launch an LTI launch token belongs to, or a 401 that says to launch again. */
export async function launchByToken(ctx: ServiceContext, token: string): Promise<LtiLaunch> {
  const row = await ctx.storage.db.selectFrom('lti_launches').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row || row.expires_at < ctx.now()) throw new ServiceError(401, 'lti-launch-expired', 'This LMS launch is unknown or has expired; open the activity from your LMS again.');
  return { id: row.id, userId: row.user_id, lineItemId: row.line_item_id, targetKind: row.target_kind, targetId: row.target_id };
}

/**
 * In the caller's transaction: keeps the better of the stored score and `score` (or `score`
 * itself when `replace`), and says whether it changed (then it is to be posted; a score whose
 * post failed is still in the outbox).
 */
async function keepBest(trx: Transaction<Database>, lineItemId: number, userId: number, score: number, max: number, replace = false): Promise<{ toPost: boolean; best: { score: number; max: number } }> {
  const where = { line_item_id: lineItemId, user_id: userId };
  const stored = await trx.selectFrom('lti_scores').selectAll().where('line_item_id', '=', lineItemId).where('user_id', '=', userId).executeTakeFirst();
  if (stored && !replace && stored.score * max >= score * stored.max_score) return { toPost: false, best: { score: stored.score, max: stored.max_score } };
  if (stored) await trx.updateTable('lti_scores').set({ score, max_score: max, posted_at: null }).where('line_item_id', '=', where.line_item_id).where('user_id', '=', where.user_id).execute();
  else await trx.insertInto('lti_scores').values({ ...where, score, max_score: max, posted_at: null }).execute();
  return { toPost: true, best: { score, max } };
}

/**
 * A Check result from the tab of an exercise launch: kept if it is the learner's best, and then
 * posted to the line item.
 */
export async function reportExerciseScore(ctx: ServiceContext, launch: LtiLaunch, report: ExerciseReport): Promise<ScoreOutcome> {
  if (launch.targetKind !== 'exercise' || launch.targetId !== report.exercise) {
    throw new ServiceError(403, 'lti-not-this-exercise', `This LMS launch opened ${launch.targetKind} ${launch.targetId}; its score can only come from that exercise.`);
  }
  if (report.score > report.max) throw new ServiceError(400, 'lti-score-above-max', 'A score cannot be above its maximum.');
  if (launch.lineItemId === null) return { best: report, posted: false, reason: 'The LMS gave this launch no gradebook line item.' };
  const { lineItemId, userId } = launch;
  const { kept, queued } = await ctx.storage.db.transaction().execute(async (trx) => {
    const kept = await keepBest(trx, lineItemId, userId, report.score, report.max);
    const queued = kept.toPost ? await queueScore(trx, { examSittingId: null, lineItemId, userId, score: kept.best.score, max: kept.best.max, activityProgress: 'Completed' }, ctx.now()) : undefined;
    return { kept, queued };
  });
  if (queued === undefined) return { best: kept.best, posted: false, reason: 'Not better than the best already posted.' };
  const sent = await sendScorePost(ctx, queued);
  if (sent.status === 'posted') return { best: kept.best, posted: true };
  return { best: kept.best, posted: false, reason: `The LMS has not taken it yet; Stacklab sends it again by itself.${'error' in sent ? ` (${sent.error})` : ''}` };
}

/**
 * Queues an exam sitting's authoritative (re-graded) score for the line item of the LTI launch
 * that opened the sitting, in the transaction that records the sitting's grade
 * (src/server/services/exam-grades.ts), with `{ score: result.authoritative.points, max:
 * result.authoritative.maximum }`; nothing else may, since the browser's score never goes to
 * the LMS. Returns false when the sitting was not opened from an LMS (or the LMS offered no
 * line item).
 */
export async function queueExamScore(trx: Transaction<Database>, sittingId: number, authoritative: { score: number; max: number }, now: number): Promise<boolean> {
  const launch = await trx
    .selectFrom('lti_launches')
    .select(['user_id', 'line_item_id'])
    .where('exam_sitting_id', '=', String(sittingId))
    .where('line_item_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!launch || launch.line_item_id === null) return false;
  await keepBest(trx, launch.line_item_id, launch.user_id, authoritative.score, authoritative.max, true);
  await queueScore(trx, { examSittingId: sittingId, lineItemId: launch.line_item_id, userId: launch.user_id, score: authoritative.score, max: authoritative.max, activityProgress: 'Submitted' }, now);
  return true;
}
