/**
 * The authoritative grades of submitted sittings, and the results a session's instructor
 * reads. A grade is written once per sitting (its primary key): a retried or duplicated job
 * that grades the same bundle again finds it recorded and changes nothing.
 */
import type { RegradeResult } from '../../exams/regrade.ts';
import type { ExamReport } from '../../exams/schema.ts';
import type { SittingResult } from '../exam-schemas.ts';
import type { GradeStatus } from '../storage/exam-tables.ts';
import type { ServiceContext } from './context.ts';
import { closeExpiredSittings, examSessionTopic, type ExamSessionRow } from './exam-sessions.ts';
import { sittingScoreStatuses } from '../lti/score-outbox.ts';
import { queueExamScore } from '../lti/scores.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const points = (r: ExamReport) => ({ points: r.points, maximum: r.maximum, percent: r.percent, passed: r.passed });

async function setStatus(ctx: ServiceContext, sittingId: number, status: GradeStatus, error: string | null = null): Promise<void> {
  const row = await ctx.storage.db.updateTable('exam_sittings').set({ grade_status: status, grade_error: error }).where('id', '=', sittingId).returning('session_id').executeTakeFirst();
  if (row) await ctx.bus.publish(examSessionTopic(row.session_id), sittingId);
}

/** A worker starts an attempt: counts it and shows "grading" (unless it is already graded). Returns the attempt's number. */
export async function beginGrading(ctx: ServiceContext, sittingId: number): Promise<number> {
  const row = await ctx.storage.db
    .updateTable('exam_sittings')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), grade_status: eb.case().when('grade_status', 'in', ['graded', 'invalid']).then(eb.ref('grade_status')).else(eb.val<GradeStatus>('grading')).end() }))
    .where('id', '=', sittingId)
    .returning(['attempts', 'session_id'])
    .executeTakeFirstOrThrow();
  await ctx.bus.publish(examSessionTopic(row.session_id), sittingId);
  return row.attempts;
}

export const isGraded = async (ctx: ServiceContext, sittingId: number) =>
  (await ctx.storage.db.selectFrom('exam_grades').select('sitting_id').where('sitting_id', '=', sittingId).executeTakeFirst()) !== undefined;

export type GradeOutcome = { kind: 'graded'; result: RegradeResult } | { kind: 'invalid'; reason: string };

/**
 * Records the grade of a sitting once, and in the same transaction queues its authoritative
 * score for the LMS when an LTI launch opened the sitting; false when it had been recorded
 * already (then nothing changes).
 */
export async function recordGrade(ctx: ServiceContext, sittingId: number, outcome: GradeOutcome, attempt: number, worker: string): Promise<boolean> {
  const graded = outcome.kind === 'graded' ? outcome.result : undefined;
  const first = await ctx.storage.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('exam_grades')
      .values({
        sitting_id: sittingId,
        verdict: graded ? (graded.authoritative.passed ? 'pass' : 'fail') : 'invalid',
        report: graded ? JSON.stringify(graded.authoritative) : null,
        agrees: graded ? (graded.agrees ? 1 : 0) : null,
        differences: JSON.stringify(graded?.differences ?? []),
        findings: JSON.stringify(graded?.findings ?? {}),
        reason: outcome.kind === 'invalid' ? outcome.reason : null,
        attempt,
        worker,
        graded_at: ctx.now(),
      })
      .onConflict((oc) => oc.column('sitting_id').doNothing())
      .executeTakeFirst();
    const recorded = Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    if (recorded && graded) await queueExamScore(trx, sittingId, { score: graded.authoritative.points, max: graded.authoritative.maximum }, ctx.now());
    return recorded;
  });
  if (first) await setStatus(ctx, sittingId, graded ? 'graded' : 'invalid');
  return first;
}

/** Grading gave up (every retry failed on something other than the bundle): the reason is shown in the results. */
export async function recordGradingFailed(ctx: ServiceContext, sittingId: number, reason: string): Promise<void> {
  if (!(await isGraded(ctx, sittingId))) await setStatus(ctx, sittingId, 'error', reason);
}

/** Each sitting of a session: the candidate, times, the authoritative score and verdict, the browser's claim, whether they agree, and (launched from an LMS) where its score post stands. */
export async function sessionResults(ctx: ServiceContext, session: ExamSessionRow): Promise<SittingResult[]> {
  await closeExpiredSittings(ctx);
  const rows = await ctx.storage.db
    .selectFrom('exam_sittings')
    .leftJoin('exam_grades', 'exam_grades.sitting_id', 'exam_sittings.id')
    .select([
      'exam_sittings.id',
      'exam_sittings.candidate',
      'exam_sittings.started_at',
      'exam_sittings.submitted_at',
      'exam_sittings.submitted_by',
      'exam_sittings.grade_status',
      'exam_sittings.grade_error',
      'exam_sittings.attempts',
      'exam_sittings.claimed',
      'exam_sittings.moved_at',
      'exam_sittings.moved_by',
      'exam_grades.verdict',
      'exam_grades.report',
      'exam_grades.agrees',
      'exam_grades.differences',
      'exam_grades.findings',
      'exam_grades.reason',
    ])
    .where('exam_sittings.session_id', '=', session.id)
    .orderBy('exam_sittings.id')
    .execute();
  const lms = await sittingScoreStatuses(ctx, rows.map((r) => r.id));
  return rows.map((r) => {
    const report = r.report ? (JSON.parse(r.report) as ExamReport) : null;
    const claimed = r.claimed ? (JSON.parse(r.claimed) as ExamReport) : null;
    return {
      id: r.id,
      candidate: r.candidate,
      started: iso(r.started_at),
      submitted: r.submitted_at === null ? null : iso(r.submitted_at),
      submittedBy: r.submitted_by,
      status: r.grade_status,
      attempts: r.attempts,
      verdict: (r.verdict as SittingResult['verdict']) ?? null,
      authoritative: report ? points(report) : null,
      claimed: claimed ? points(claimed) : null,
      agree: r.agrees === null || r.agrees === undefined ? null : r.agrees === 1,
      differences: r.differences ? (JSON.parse(r.differences) as string[]) : [],
      reason: r.reason ?? r.grade_error ?? null,
      findings: r.findings ? (JSON.parse(r.findings) as Record<string, string[]>) : {},
      report,
      lms: lms.get(r.id) ?? null,
      moved: r.moved_at === null ? null : { at: iso(r.moved_at), by: r.moved_by === 'lms' ? ('lms' as const) : ('instructor' as const) },
    };
  });
}
