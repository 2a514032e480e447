/**
 * Exam sessions and their sittings. An instructor opens a session of an exam (a window of
 * dates, an optional access code, an optional list of who may sit); a candidate starts a
 * sitting, and the server records the start, draws the seed and holds the deadline (start +
 * time limit). Each task's VM state is uploaded as the candidate works; the bundle is
 * submitted, or at the deadline (plus a minute's grace) the server submits what was last
 * saved. A submitted sitting is "queued" for the authoritative re-grade (src/server/jobs/).
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { loadExam } from '../../exams/load.ts';
import { scoreExam, taskSeed } from '../../exams/score.ts';
import { validateBundle, BundleError } from '../../exams/regrade.ts';
import type { Bundle, Exam, ExamReport } from '../../exams/schema.ts';
import type { Report } from '../../grading/report.ts';
import { loadExercise } from '../../exercises/load.ts';
import type { Answers } from '../../exercises/answers.ts';
import type { OpenExamSession, SittingView, TaskStateUpload, ExamSessionView, ExaminerSessionView, LmsScoreCounts, SittingCounts } from '../exam-schemas.ts';
import { openExamSessionSchema } from '../exam-schemas.ts';
import type { ExamSessionsTable, ExamSittingsTable, GradeStatus } from '../storage/exam-tables.ts';
import { latestPostPerSitting } from '../lti/latest-score-posts.ts';
import type { Database } from '../storage/schema.ts';
import type { ServiceContext } from './context.ts';
import { notFound, ServiceError } from './errors.ts';
import { hashToken, newToken } from './secrets.ts';

export type ExamSessionRow = Selectable<ExamSessionsTable>;
export type SittingRow = Selectable<ExamSittingsTable>;

/** A submission (or an autosave) is taken up to a minute after the deadline: the upload itself takes time. */
export const GRACE_MS = 60_000;

/** Wakes the re-grade workers (payload: the sitting id). */
export const EXAM_JOBS_TOPIC = 'exam-jobs';
/** Wakes a session's dashboards (payload: the sitting id that changed). */
export const examSessionTopic = (sessionId: number) => `exam-session:${sessionId}`;

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
const iso = (ms: number) => new Date(ms).toISOString();
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The exam `id` names, or a 400 naming the exams that exist. */
export function examOf(id: string): Exam {
  try {
    return loadExam(id);
  } catch (error) {
    throw new ServiceError(400, 'unknown-exam', error instanceof Error ? error.message : String(error));
  }
}

export async function openExamSession(ctx: ServiceContext, instructorId: number, input: OpenExamSession): Promise<ExamSessionRow> {
  const parsed = openExamSessionSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(400, 'invalid-exam-session', parsed.error.issues.map((i) => `${i.path.join('.') || 'session'}: ${i.message}`).join('; '));
  const s = parsed.data;
  const exam = examOf(s.exam);
  let code = newCode();
  while (await ctx.storage.db.selectFrom('exam_sessions').select('id').where('code', '=', code).executeTakeFirst()) code = newCode();
  return ctx.storage.db
    .insertInto('exam_sessions')
    .values({
      code,
      exam_id: exam.id,
      exam_version: exam.version,
      instructor_id: instructorId,
      time_limit_ms: Math.round((s.minutes ?? exam.timeLimitMinutes) * 60_000),
      opens_at: s.opensAt ? Date.parse(s.opensAt) : null,
      closes_at: s.closesAt ? Date.parse(s.closesAt) : null,
      access_code: s.accessCode ?? null,
      candidates: s.candidates ? JSON.stringify(s.candidates) : null,
      created_at: ctx.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The session, if this instructor opened it; otherwise "not found" (its existence is not told). */
export async function examSessionForInstructor(ctx: ServiceContext, code: string, instructorId: number): Promise<ExamSessionRow> {
  const row = await ctx.storage.db.selectFrom('exam_sessions').selectAll().where('code', '=', code).where('instructor_id', '=', instructorId).executeTakeFirst();
  if (!row) throw notFound(`Exam session ${code}`);
  return row;
}

export async function examSessionByCode(ctx: ServiceContext, code: string): Promise<ExamSessionRow> {
  const row = await ctx.storage.db.selectFrom('exam_sessions').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw new ServiceError(404, 'no-such-exam-session', `There is no exam session ${code}. Check the link with your instructor.`);
  return row;
}

/** Which count a sitting's grading status adds to. */
const countOf: Record<GradeStatus, keyof SittingCounts> = { sitting: 'inProgress', queued: 'grading', grading: 'grading', graded: 'graded', invalid: 'notGraded', error: 'notGraded' };

/** The instructor's sessions, newest first, each with how its sittings stand. */
export async function listExamSessions(ctx: ServiceContext, instructorId: number): Promise<ExaminerSessionView[]> {
  const { db } = ctx.storage;
  const rows = await db.selectFrom('exam_sessions').selectAll().where('instructor_id', '=', instructorId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const tallies = await db
    .selectFrom('exam_sittings')
    .innerJoin('exam_sessions', 'exam_sessions.id', 'exam_sittings.session_id')
    .where('exam_sessions.instructor_id', '=', instructorId)
    .select(['exam_sittings.session_id', 'exam_sittings.grade_status', (eb) => eb.fn.countAll<string | number>().as('sittings')])
    .groupBy(['exam_sittings.session_id', 'exam_sittings.grade_status'])
    .execute();
  const lms = await lmsScoreCounts(ctx, instructorId);
  return rows.map((row) => {
    const sittings: SittingCounts = { inProgress: 0, grading: 0, graded: 0, notGraded: 0 };
    for (const tally of tallies) if (tally.session_id === row.id) sittings[countOf[tally.grade_status]] += Number(tally.sittings);
    return { ...examSessionView(row), sittings, lms: lms.get(row.id) ?? null };
  });
}

const lmsCountOf = { posted: 'posted', pending: 'pending', 'gave-up': 'gaveUp' } as const;

/** Per session of the instructor's, its sittings' scores by where each one's latest post stands with the LMS (as the results page's column tells them). */
async function lmsScoreCounts(ctx: ServiceContext, instructorId: number): Promise<Map<number, LmsScoreCounts>> {
  const posts = await ctx.storage.db
    .selectFrom('lti_score_posts')
    .innerJoin('exam_sittings', 'exam_sittings.id', 'lti_score_posts.exam_sitting_id')
    .innerJoin('exam_sessions', 'exam_sessions.id', 'exam_sittings.session_id')
    .where('exam_sessions.instructor_id', '=', instructorId)
    .where('lti_score_posts.status', '!=', 'superseded')
    .select(['exam_sittings.session_id', 'lti_score_posts.exam_sitting_id', 'lti_score_posts.status'])
    .orderBy('lti_score_posts.id', 'desc')
    .execute();
  const counts = new Map<number, LmsScoreCounts>();
  for (const post of latestPostPerSitting(posts).values()) {
    const session = counts.get(post.session_id) ?? { posted: 0, pending: 0, gaveUp: 0 };
    session[lmsCountOf[post.status]] += 1;
    counts.set(post.session_id, session);
  }
  return counts;
}

/** What anyone with the link may know before starting: the exam, its time limit and tasks, and what is needed to sit. */
export function examSessionView(row: ExamSessionRow): ExamSessionView {
  const exam = examOf(row.exam_id);
  return {
    session: row.code,
    exam: { id: exam.id, version: row.exam_version, title: exam.title },
    timeLimitMinutes: row.time_limit_ms / 60_000,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    needsAccessCode: row.access_code !== null,
    candidateList: row.candidates !== null,
    tasks: exam.tasks.map((t) => ({ id: t.id, exercise: t.exercise, weight: t.weight })),
    passPercent: exam.passPercent,
  };
}

function checkMaySit(ctx: ServiceContext, session: ExamSessionRow, name: string, accessCode: string | undefined): void {
  const now = ctx.now();
  if (session.opens_at !== null && now < session.opens_at) throw new ServiceError(403, 'exam-not-open', `This exam opens at ${iso(session.opens_at)}; come back then.`);
  if (session.closes_at !== null && now > session.closes_at) throw new ServiceError(403, 'exam-closed', `This exam closed at ${iso(session.closes_at)}; ask your instructor.`);
  if (session.access_code !== null) {
    const sent = Buffer.from(accessCode ?? '');
    const expected = Buffer.from(session.access_code);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) throw new ServiceError(403, 'access-code-wrong', 'The access code is not right. Your instructor gives it out in the room.');
  }
  if (session.candidates !== null && !(JSON.parse(session.candidates) as string[]).some((allowed) => sameName(allowed, name))) {
    throw new ServiceError(403, 'not-a-candidate', `"${name}" is not on this exam's list of candidates. Type your name as your instructor listed it, or ask them.`);
  }
}

/** Starts a sitting: the server's clock starts it, draws its seed, and holds its deadline. The token is shown once. */
export async function startSitting(ctx: ServiceContext, code: string, name: string, accessCode?: string): Promise<{ token: string; sitting: SittingView }> {
  const session = await examSessionByCode(ctx, code);
  checkMaySit(ctx, session, name, accessCode);
  const trimmed = name.trim();
  const existing = await ctx.storage.db.selectFrom('exam_sittings').select('started_at').where('session_id', '=', session.id).where('candidate', '=', trimmed).executeTakeFirst();
  if (existing) throw new ServiceError(409, 'already-sitting', `${trimmed} started this exam at ${iso(existing.started_at)}. Continue in the browser you started in, or ask your instructor for a link that continues it on this computer.`);
  const token = newToken('sxc');
  const now = ctx.now();
  const row = await ctx.storage.db
    .insertInto('exam_sittings')
    .values({
      session_id: session.id,
      candidate: trimmed,
      token_hash: hashToken(token),
      seed: randomBytes(9).toString('base64url'),
      started_at: now,
      deadline_at: now + session.time_limit_ms,
      submitted_at: null,
      submitted_by: null,
      claimed: null,
      image_build: null,
      grade_status: 'sitting',
      grade_error: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.bus.publish(examSessionTopic(session.id), row.id);
  return { token, sitting: await sittingView(ctx, row, session) };
}

export interface Sitting {
  row: SittingRow;
  session: ExamSessionRow;
}

/** The sitting a candidate token belongs to, or a 401 that says what to do. */
export async function sittingByToken(ctx: ServiceContext, token: string): Promise<Sitting> {
  const hash = hashToken(token);
  const row = await ctx.storage.db.selectFrom('exam_sittings').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!row) {
    const moved = await ctx.storage.db.selectFrom('exam_sittings').select(['moved_at', 'moved_by']).where('replaced_token_hash', '=', hash).executeTakeFirst();
    if (moved?.moved_at) {
      const how = moved.moved_by === 'lms' ? 'by a new launch of the exam from your LMS' : "with your instructor's link";
      throw new ServiceError(401, 'sitting-moved', `This exam sitting moved to another browser at ${iso(moved.moved_at)} (${how}). Continue there: this browser saves nothing more of it.`);
    }
    throw new ServiceError(401, 'unknown-candidate', 'This exam token is not valid. Open the exam link your instructor gave you again.');
  }
  const session = await ctx.storage.db.selectFrom('exam_sessions').selectAll().where('id', '=', row.session_id).executeTakeFirstOrThrow();
  return { row, session };
}

export async function sittingView(ctx: ServiceContext, row: SittingRow, session: ExamSessionRow): Promise<SittingView> {
  const saved = await ctx.storage.db.selectFrom('exam_task_states').select(['task_id', 'saved_at', 'answers']).where('sitting_id', '=', row.id).orderBy('task_id').execute();
  return {
    id: row.id,
    session: session.code,
    candidate: row.candidate,
    seed: row.seed,
    startedAt: row.started_at,
    deadline: row.deadline_at,
    graceMs: GRACE_MS,
    serverNow: ctx.now(),
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by,
    savedTasks: saved.map((s) => ({ task: s.task_id, savedAt: s.saved_at, ...(s.answers ? { answers: JSON.parse(s.answers) as Answers } : {}) })),
  };
}

/** Refuses a write to a sitting that is over: submitted, or past its deadline and grace. */
function checkOpen(ctx: ServiceContext, row: SittingRow, what: string): void {
  const now = ctx.now();
  if (now > row.deadline_at + GRACE_MS) {
    throw new ServiceError(
      403,
      'exam-time-over',
      `Your time ended at ${iso(row.deadline_at)} and the minute's grace at ${iso(row.deadline_at + GRACE_MS)}; this ${what} came at ${iso(now)} and was refused. ` +
        'The server submitted the task states it had last saved for you.',
    );
  }
  if (row.submitted_at !== null) throw new ServiceError(409, 'already-submitted', `This exam was submitted at ${iso(row.submitted_at)}; nothing more can be saved.`);
}

function examTask(exam: Exam, taskId: string) {
  const task = exam.tasks.find((t) => t.id === taskId);
  if (!task) throw new ServiceError(400, 'unknown-task', `The exam ${exam.id} has no task ${taskId} (its tasks: ${exam.tasks.map((t) => t.id).join(', ')}).`);
  return task;
}

type Trx = Transaction<Database>;

/** A task's parameter values as its seed draws them. */
const seedValues = (exercise: string, seed: string, taskId: string) => loadExercise(exercise, undefined, taskSeed(seed, taskId)).values;

async function storeTaskState(trx: Trx, sittingId: number, taskId: string, now: number, upload: Pick<TaskStateUpload, 'state' | 'report' | 'answers'> & { values: Bundle['tasks'][number]['values'] }): Promise<void> {
  const values = {
    state: JSON.stringify(upload.state),
    report: upload.report ? JSON.stringify(upload.report) : null,
    values: JSON.stringify(upload.values),
    answers: upload.answers ? JSON.stringify(upload.answers) : null,
    saved_at: now,
  };
  await trx
    .insertInto('exam_task_states')
    .values({ sitting_id: sittingId, task_id: taskId, ...values })
    .onConflict((oc) => oc.columns(['sitting_id', 'task_id']).doUpdateSet(values))
    .execute();
}

/** A task's autosave: the latest state replaces the one before. */
export async function saveTaskState(ctx: ServiceContext, sitting: Sitting, taskId: string, upload: TaskStateUpload): Promise<{ savedAt: number }> {
  checkOpen(ctx, sitting.row, 'save');
  const task = examTask(examOf(sitting.session.exam_id), taskId);
  const now = ctx.now();
  const values = upload.values ?? seedValues(task.exercise, sitting.row.seed, taskId);
  await ctx.storage.db.transaction().execute(async (trx) => {
    await storeTaskState(trx, sitting.row.id, taskId, now, { ...upload, values });
    if (upload.imageBuild) await trx.updateTable('exam_sittings').set({ image_build: upload.imageBuild }).where('id', '=', sitting.row.id).execute();
  });
  await ctx.bus.publish(examSessionTopic(sitting.session.id), sitting.row.id);
  return { savedAt: now };
}

/** Marks a sitting submitted and queued for the re-grade, if no one else submitted it first; true when this call did. */
async function markSubmitted(trx: Trx, sittingId: number, now: number, by: string, claimed: ExamReport | null, imageBuild: string | undefined): Promise<boolean> {
  const result = await trx
    .updateTable('exam_sittings')
    .set({ submitted_at: now, submitted_by: by, claimed: claimed ? JSON.stringify(claimed) : null, grade_status: 'queued', ...(imageBuild ? { image_build: imageBuild } : {}) })
    .where('id', '=', sittingId)
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function announceSubmitted(ctx: ServiceContext, sessionId: number, sittingId: number): Promise<void> {
  await ctx.bus.publish(examSessionTopic(sessionId), sittingId);
  await ctx.bus.publish(EXAM_JOBS_TOPIC, sittingId);
}

/**
 * The candidate's submission: the bundle the browser made. Its states replace the saved ones
 * (a task without a state keeps what was last saved); its exam, version and seed must be the
 * session's and the sitting's.
 */
export async function submitSitting(ctx: ServiceContext, sitting: Sitting, input: unknown): Promise<{ submittedAt: number }> {
  checkOpen(ctx, sitting.row, 'submission');
  let bundle: Bundle;
  try {
    bundle = validateBundle(input);
  } catch (error) {
    throw new ServiceError(400, 'invalid-bundle', error instanceof BundleError ? error.message : String(error));
  }
  const { session, row } = sitting;
  if (bundle.exam.id !== session.exam_id || bundle.exam.version !== session.exam_version) {
    throw new ServiceError(400, 'bundle-mismatch', `This bundle is for ${bundle.exam.id} version ${bundle.exam.version}; this session gives ${session.exam_id} version ${session.exam_version}. Reload the exam page and submit from it.`);
  }
  if (bundle.seed !== row.seed) throw new ServiceError(400, 'bundle-mismatch', "This bundle's seed is not the one the server drew for your sitting. Reload the exam page and submit from it.");
  const exam = examOf(session.exam_id);
  const now = ctx.now();
  const submitted = await ctx.storage.db.transaction().execute(async (trx) => {
    for (const task of bundle.tasks) {
      examTask(exam, task.id);
      const report = bundle.browserReport.tasks.find((t) => t.id === task.id)?.report ?? null;
      if (task.state) await storeTaskState(trx, row.id, task.id, now, { state: task.state, values: task.values, answers: task.answers, report });
    }
    return markSubmitted(trx, row.id, now, bundle.submittedBy, bundle.browserReport, bundle.image?.build);
  });
  if (!submitted) throw new ServiceError(409, 'already-submitted', 'This exam was already submitted; nothing more can be saved.');
  await announceSubmitted(ctx, session.id, row.id);
  return { submittedAt: now };
}

/**
 * Submits every sitting whose deadline and grace have passed with what was last saved (its
 * claimed report recomputed from the browser's own per-task reports). Run periodically by the
 * server and the workers; safe to run anywhere at once (each sitting is submitted once).
 */
export async function closeExpiredSittings(ctx: ServiceContext): Promise<number> {
  const now = ctx.now();
  const expired = await ctx.storage.db
    .selectFrom('exam_sittings')
    .innerJoin('exam_sessions', 'exam_sessions.id', 'exam_sittings.session_id')
    .select(['exam_sittings.id', 'exam_sittings.session_id', 'exam_sessions.exam_id'])
    .where('exam_sittings.submitted_at', 'is', null)
    .where('exam_sittings.deadline_at', '<', now - GRACE_MS)
    .execute();
  let closed = 0;
  for (const sitting of expired) {
    const exam = examOf(sitting.exam_id);
    const done = await ctx.storage.db.transaction().execute(async (trx) => {
      const saved = await trx.selectFrom('exam_task_states').select(['task_id', 'report']).where('sitting_id', '=', sitting.id).execute();
      const reports = Object.fromEntries(saved.map((s) => [s.task_id, s.report ? (JSON.parse(s.report) as Report) : null]));
      return markSubmitted(trx, sitting.id, now, 'server', scoreExam(exam, reports), undefined);
    });
    if (done) {
      closed++;
      await announceSubmitted(ctx, sitting.session_id, sitting.id);
    }
  }
  return closed;
}

/** The bundle of a submitted sitting, from the server's records: its seed and times, each task's last saved state. */
export async function assembleBundle(ctx: ServiceContext, sittingId: number): Promise<Bundle> {
  const row = await ctx.storage.db.selectFrom('exam_sittings').selectAll().where('id', '=', sittingId).executeTakeFirstOrThrow();
  const session = await ctx.storage.db.selectFrom('exam_sessions').selectAll().where('id', '=', row.session_id).executeTakeFirstOrThrow();
  const exam = loadExam(session.exam_id);
  const saved = await ctx.storage.db.selectFrom('exam_task_states').selectAll().where('sitting_id', '=', sittingId).execute();
  const tasks = exam.tasks.map((task) => {
    const state = saved.find((s) => s.task_id === task.id);
    if (state) {
      const answers = state.answers ? { answers: JSON.parse(state.answers) as NonNullable<Bundle['tasks'][number]['answers']> } : {};
      return { id: task.id, exercise: task.exercise, values: JSON.parse(state.values) as Bundle['tasks'][number]['values'], ...answers, state: JSON.parse(state.state) as Bundle['tasks'][number]['state'] };
    }
    return { id: task.id, exercise: task.exercise, values: seedValues(task.exercise, row.seed, task.id), state: null };
  });
  const claimed = row.claimed ? (JSON.parse(row.claimed) as ExamReport) : scoreExam(exam, {});
  return {
    format: 'stacklab-exam-bundle',
    formatVersion: 1,
    exam: { id: session.exam_id, version: session.exam_version },
    ...(row.image_build ? { image: { build: row.image_build } } : {}),
    seed: row.seed,
    startedAt: iso(row.started_at),
    endedAt: iso(row.submitted_at ?? ctx.now()),
    submittedBy: row.submitted_by === 'candidate' ? 'candidate' : 'timer',
    tasks,
    browserReport: claimed,
  };
}
