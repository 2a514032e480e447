/**
 * A sitting continued on another computer: the candidate's laptop died, or they launch the exam
 * from the LMS on another one. The sitting gets a new token, shown once (in the instructor's
 * resume link, or written into the launching browser); the token it replaces stops working at
 * once, so two browsers never save the same sitting, older work over newer. The browser left
 * behind is told its sitting moved, when and by whom (sittingByToken). The new browser takes up
 * the work the server holds (GET /api/exam-sitting/tasks/<task>/state, taskStateOf) before it
 * runs the exam.
 *
 * @example
 * const { token } = await moveSittingForInstructor(ctx, instructorId, 'K7M2PQ3XRT', 12);
 * examLinks(base, 'K7M2PQ3XRT').sitUrl + `#resume=${token}`
 */
import type { ServiceContext } from './context.ts';
import { notFound, ServiceError } from './errors.ts';
import { examSessionForInstructor, examSessionTopic, GRACE_MS, type ExamSessionRow, type Sitting, type SittingRow } from './exam-sessions.ts';
import { hashToken, newToken } from './secrets.ts';

export type MovedBy = 'instructor' | 'lms';

const iso = (ms: number) => new Date(ms).toISOString();

/** Whether the sitting can still be worked on: not submitted, and within its time and grace. */
const stillOpen = (row: SittingRow, now: number) => row.submitted_at === null && now <= row.deadline_at + GRACE_MS;

/** Gives the sitting a new token and retires its current one; refused once the sitting is over (nothing is left to continue). */
export async function moveSitting(ctx: ServiceContext, row: SittingRow, by: MovedBy): Promise<{ token: string; movedAt: number }> {
  if (row.submitted_at !== null) throw new ServiceError(409, 'already-submitted', `${row.candidate}'s exam was submitted at ${iso(row.submitted_at)}; there is nothing left to continue.`);
  if (!stillOpen(row, ctx.now())) throw new ServiceError(409, 'exam-time-over', `${row.candidate}'s time ended at ${iso(row.deadline_at)}; the server submits what it last saved, and there is nothing left to continue.`);
  return replaceToken(ctx, row, by);
}

/**
 * The sitting's token replaced by a new one, whatever its state: a launch from the LMS may open
 * a submitted sitting in another browser, which then says it was submitted.
 */
export async function replaceToken(ctx: ServiceContext, row: SittingRow, by: MovedBy): Promise<{ token: string; movedAt: number }> {
  const now = ctx.now();
  const token = newToken('sxc');
  const moved = await ctx.storage.db
    .updateTable('exam_sittings')
    .set({ token_hash: hashToken(token), replaced_token_hash: row.token_hash, moved_at: now, moved_by: by })
    .where('id', '=', row.id)
    .where('token_hash', '=', row.token_hash)
    .executeTakeFirst();
  // Moved at the same moment by someone else (a second click, a launch): theirs stands, and this one says so.
  if (Number(moved.numUpdatedRows) !== 1) throw new ServiceError(409, 'moved-meanwhile', `${row.candidate}'s sitting was moved a moment ago; try again.`);
  await ctx.bus.publish(examSessionTopic(row.session_id), row.id);
  return { token, movedAt: now };
}

/** The instructor's move of a sitting in one of their sessions (another's session, or a sitting not in it, is not found). */
export async function moveSittingForInstructor(ctx: ServiceContext, instructorId: number, code: string, sittingId: number): Promise<{ token: string; movedAt: number; candidate: string }> {
  return moveSittingOfSession(ctx, await examSessionForInstructor(ctx, code, instructorId), sittingId);
}

/** The instructor's move, once their session is found: the sitting must be in it. */
async function moveSittingOfSession(ctx: ServiceContext, session: ExamSessionRow, sittingId: number): Promise<{ token: string; movedAt: number; candidate: string }> {
  const row = await ctx.storage.db.selectFrom('exam_sittings').selectAll().where('id', '=', sittingId).where('session_id', '=', session.id).executeTakeFirst();
  if (!row) throw notFound(`Sitting ${sittingId} of exam session ${session.code}`);
  return { ...(await moveSitting(ctx, row, 'instructor')), candidate: row.candidate };
}

/** The same, naming the sitting by its candidate's name as they typed it (the CLI's way); an unknown name is told with the names there are. */
export async function moveCandidateSitting(ctx: ServiceContext, instructorId: number, code: string, candidate: string): Promise<{ token: string; movedAt: number; candidate: string }> {
  const session = await examSessionForInstructor(ctx, code, instructorId);
  const rows = await ctx.storage.db.selectFrom('exam_sittings').select(['id', 'candidate']).where('session_id', '=', session.id).orderBy('candidate').execute();
  const row = rows.find((r) => r.candidate === candidate.trim());
  if (!row) throw new ServiceError(404, 'no-such-candidate', `No one called "${candidate.trim()}" has started exam session ${code}${rows.length > 0 ? ` (those who have: ${rows.map((r) => r.candidate).join(', ')})` : ''}.`);
  return moveSittingOfSession(ctx, session, row.id);
}

/** A task's state as the server last saved it: the gzipped bytes, as uploaded, with the raw state's digest and size. */
export interface SavedTaskState {
  gzipped: Uint8Array;
  sha256: string;
  bytes: number;
  savedAt: number;
}

/** The state the server holds of the candidate's task, for a browser taking the sitting up; a 404 when none was saved. */
export async function taskStateOf(ctx: ServiceContext, sitting: Sitting, taskId: string): Promise<SavedTaskState> {
  const saved = await ctx.storage.db.selectFrom('exam_task_states').select(['state', 'saved_at']).where('sitting_id', '=', sitting.row.id).where('task_id', '=', taskId).executeTakeFirst();
  if (!saved) throw new ServiceError(404, 'no-saved-state', `The exam server has no saved state of task ${taskId} of your sitting; the task starts from its beginning.`);
  const state = JSON.parse(saved.state) as { sha256: string; bytes: number; data: string };
  return { gzipped: Buffer.from(state.data, 'base64'), sha256: state.sha256, bytes: state.bytes, savedAt: saved.saved_at };
}
