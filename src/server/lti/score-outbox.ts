/**
 * The outbox of LTI score posts. A score Stacklab owes an LMS is written as a pending entry in
 * the same transaction as the grade (or best score) it carries, so it cannot be lost between
 * the two; then it is sent at once, and again by the exam jobs sweep (src/server/jobs/
 * exam-worker.ts) while the platform refuses it: after 30 s, 1 min, 2 min, ... at most an hour
 * apart, MAX_POST_ATTEMPTS times in all, then it is given up (shown to the instructor, who can
 * retry). A sender claims an entry (a lease) before posting, so two sweeps (the server's and a
 * worker's) never send it at once; once the platform accepted it, it is never sent again. The
 * score's timestamp is the entry's creation time: a resend is the same score, and an older
 * score arriving late never overrides a newer one (AGS keeps the latest timestamp).
 *
 * @example
 * const id = await queueScore(trx, { examSittingId, lineItemId, userId, score: 40, max: 100, activityProgress: 'Submitted' }, ctx.now());
 * await sendScorePost(ctx, id);   // { status: 'posted' } or { status: 'pending' | 'gave-up', error }
 * await sendDueScores(ctx);       // the sweep
 */
import type { Kysely, Transaction } from 'kysely';
import { messageOf } from '../../lib/message-of.ts';
import type { LmsScoreStatus } from '../exam-schemas.ts';
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { examSessionForInstructor, examSessionTopic } from '../services/exam-sessions.ts';
import type { Database } from '../storage/schema.ts';
import type { LtiScorePostsTable, ScorePostStatus } from '../storage/lti-schema.ts';
import { postScore } from './ags.ts';
import { latestPostPerSitting } from './latest-score-posts.ts';
import { platformById } from './platforms.ts';

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 60 * 60_000;
/** Attempts before an entry is given up: about three hours of retries. */
export const MAX_POST_ATTEMPTS = 10;
/** How long a sender holds an entry it is posting before another may take it (the first sender died). */
export const SEND_LEASE_MS = 2 * 60_000;

/** The wait after the `attempts`-th failed attempt. */
export const retryDelay = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);

type Db = Kysely<Database> | Transaction<Database>;

export interface ScoreToPost {
  examSittingId: number | null;
  lineItemId: number;
  userId: number;
  score: number;
  max: number;
  activityProgress: LtiScorePostsTable['activity_progress'];
}

/** Adds a pending entry (replacing any still pending for the same line item and user); call it in the transaction that records the score. */
export async function queueScore(db: Db, entry: ScoreToPost, now: number): Promise<number> {
  await db
    .updateTable('lti_score_posts')
    .set({ status: 'superseded', next_attempt_at: null })
    .where('line_item_id', '=', entry.lineItemId)
    .where('user_id', '=', entry.userId)
    .where('status', '=', 'pending')
    .execute();
  const row = await db
    .insertInto('lti_score_posts')
    .values({
      exam_sitting_id: entry.examSittingId,
      line_item_id: entry.lineItemId,
      user_id: entry.userId,
      score: entry.score,
      max_score: entry.max,
      activity_progress: entry.activityProgress,
      status: 'pending',
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      posted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type SendOutcome = { status: 'posted' } | { status: 'pending' | 'gave-up'; error: string } | { status: 'not-due' };

/** Takes the entry if it is pending and due (setting its lease); false when it is not, or another sender has it. */
async function claim(ctx: ServiceContext, id: number): Promise<boolean> {
  const now = ctx.now();
  const claimed = await ctx.storage.db
    .updateTable('lti_score_posts')
    .set({ next_attempt_at: now + SEND_LEASE_MS })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

async function post(ctx: ServiceContext, entry: { line_item_id: number; user_id: number; score: number; max_score: number; activity_progress: LtiScorePostsTable['activity_progress']; created_at: number }): Promise<void> {
  const item = await ctx.storage.db.selectFrom('lti_line_items').selectAll().where('id', '=', entry.line_item_id).executeTakeFirstOrThrow();
  const user = await ctx.storage.db.selectFrom('lti_users').select('subject').where('id', '=', entry.user_id).executeTakeFirstOrThrow();
  await postScore(ctx, await platformById(ctx, item.platform_id), item.url, {
    userId: user.subject,
    scoreGiven: entry.score,
    scoreMaximum: entry.max_score,
    activityProgress: entry.activity_progress,
    gradingProgress: 'FullyGraded',
    timestamp: new Date(entry.created_at).toISOString(),
  });
}

/** An exam sitting's results page shows its LMS status: tell it the status changed. */
async function announce(ctx: ServiceContext, sittingId: number | null): Promise<void> {
  if (sittingId === null) return;
  const sitting = await ctx.storage.db.selectFrom('exam_sittings').select('session_id').where('id', '=', sittingId).executeTakeFirst();
  if (sitting) await ctx.bus.publish(examSessionTopic(sitting.session_id), sittingId);
}

/** Sends one entry if it is due and no one else is sending it, and records the outcome. */
export async function sendScorePost(ctx: ServiceContext, id: number): Promise<SendOutcome> {
  if (!(await claim(ctx, id))) return { status: 'not-due' };
  const entry = await ctx.storage.db.selectFrom('lti_score_posts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const attempts = entry.attempts + 1;
  let outcome: SendOutcome;
  try {
    await post(ctx, entry);
    // Posted is final, even for an entry a newer score superseded while it was on its way.
    await ctx.storage.db.updateTable('lti_score_posts').set({ status: 'posted', attempts, posted_at: ctx.now(), next_attempt_at: null, last_error: null }).where('id', '=', id).execute();
    await ctx.storage.db.updateTable('lti_scores').set({ posted_at: ctx.now() }).where('line_item_id', '=', entry.line_item_id).where('user_id', '=', entry.user_id).where('score', '=', entry.score).where('max_score', '=', entry.max_score).execute();
    outcome = { status: 'posted' };
  } catch (error) {
    const status: ScorePostStatus = attempts >= MAX_POST_ATTEMPTS ? 'gave-up' : 'pending';
    const next = status === 'pending' ? ctx.now() + retryDelay(attempts) : null;
    await ctx.storage.db.updateTable('lti_score_posts').set({ attempts, last_error: messageOf(error), next_attempt_at: next }).where('id', '=', id).execute();
    // Superseded meanwhile: it stays so; otherwise pending again or given up.
    await ctx.storage.db.updateTable('lti_score_posts').set({ status }).where('id', '=', id).where('status', '=', 'pending').execute();
    outcome = { status, error: messageOf(error) };
  }
  await announce(ctx, entry.exam_sitting_id);
  return outcome;
}

/** The sweep: sends every pending entry that is due, oldest first (up to `limit`); counts what was posted and what failed. */
export async function sendDueScores(ctx: ServiceContext, limit = 50): Promise<{ posted: number; failed: number }> {
  const due = await ctx.storage.db
    .selectFrom('lti_score_posts')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', ctx.now())
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  const counts = { posted: 0, failed: 0 };
  for (const { id } of due) {
    const outcome = await sendScorePost(ctx, id);
    if (outcome.status === 'posted') counts.posted++;
    else if (outcome.status !== 'not-due') counts.failed++;
  }
  return counts;
}

/** The latest entry of an exam sitting (not superseded), if an LMS launch opened it. */
const latestOfSitting = (ctx: ServiceContext, sittingId: number) =>
  ctx.storage.db.selectFrom('lti_score_posts').selectAll().where('exam_sitting_id', '=', sittingId).where('status', '!=', 'superseded').orderBy('id', 'desc').executeTakeFirst();

/** Sends a sitting's pending score now (after its grade was recorded). */
export async function sendSittingScore(ctx: ServiceContext, sittingId: number): Promise<SendOutcome | undefined> {
  const entry = await latestOfSitting(ctx, sittingId);
  return entry?.status === 'pending' ? sendScorePost(ctx, entry.id) : undefined;
}

/**
 * The instructor's retry: a sitting's score that was given up on (or is waiting for its next
 * attempt) is sent now, with a fresh count of attempts. Undefined when the sitting owes the
 * LMS no score; a posted score is not sent again.
 */
export async function retrySittingScore(ctx: ServiceContext, sittingId: number): Promise<SendOutcome | { status: 'posted' } | undefined> {
  const entry = await latestOfSitting(ctx, sittingId);
  if (!entry) return undefined;
  if (entry.status === 'posted') return { status: 'posted' };
  await ctx.storage.db.updateTable('lti_score_posts').set({ status: 'pending', attempts: 0, next_attempt_at: ctx.now() }).where('id', '=', entry.id).where('status', 'in', ['pending', 'gave-up']).execute();
  return sendScorePost(ctx, entry.id);
}

/**
 * The retry an instructor asks for on a session's results: the sitting must be in a session of
 * theirs and owe its LMS a score. Returns the sitting's LMS status after the attempt.
 */
export async function retryScoreForInstructor(ctx: ServiceContext, instructorId: number, sessionCode: string, sittingId: number): Promise<LmsScoreStatus> {
  const session = await examSessionForInstructor(ctx, sessionCode, instructorId);
  const sitting = await ctx.storage.db.selectFrom('exam_sittings').select('id').where('id', '=', sittingId).where('session_id', '=', session.id).executeTakeFirst();
  if (!sitting) throw new ServiceError(404, 'sitting-not-found', `Session ${session.code} has no sitting ${sittingId}; reload the results page.`);
  const outcome = await retrySittingScore(ctx, sittingId);
  if (!outcome) throw new ServiceError(409, 'lti-no-score-to-post', 'This sitting owes no LMS a score: it was not launched from an LMS with a gradebook column, or it is not graded yet.');
  return (await sittingScoreStatuses(ctx, [sittingId])).get(sittingId)!;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Each sitting's LMS score status, for those an LMS launch opened and that have a grade to post. */
export async function sittingScoreStatuses(ctx: ServiceContext, sittingIds: number[]): Promise<Map<number, LmsScoreStatus>> {
  const statuses = new Map<number, LmsScoreStatus>();
  if (sittingIds.length === 0) return statuses;
  const rows = await ctx.storage.db
    .selectFrom('lti_score_posts')
    .selectAll()
    .where('exam_sitting_id', 'in', sittingIds)
    .where('status', '!=', 'superseded')
    .orderBy('id', 'desc')
    .execute();
  for (const [sitting, row] of latestPostPerSitting(rows)) {
    statuses.set(sitting, { status: row.status, attempts: row.attempts, lastError: row.last_error, postedAt: iso(row.posted_at), nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null });
  }
  return statuses;
}
