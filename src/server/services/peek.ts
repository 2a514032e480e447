/**
 * Terminal peek. An instructor of the workshop asks to see one learner's terminal; nothing is
 * relayed until that learner accepts in their tab, and either side can end it at any time.
 * While it is active the learner's tab posts frames of its terminal output (the first one the
 * screen so far); each frame is a row, announced on the bus by id on the peek's own topic, so a
 * viewer on any instance reads it from the table. Only the latest PEEK_FRAME_WINDOW frames of a
 * peek are kept, and none once it ends. The peek's life (requested, accepted, declined, ended)
 * goes into the workshop's event log, which both the dashboards and that learner's stream read.
 */
import type { Selectable } from 'kysely';
import type { PeekState } from '../schemas.ts';
import type { PeeksTable } from '../storage/peek-tables.ts';
import type { ServiceContext } from './context.ts';
import { notFound, ServiceError } from './errors.ts';
import { writeEvents } from './events.ts';
import type { Learner } from './learners.ts';
import type { WorkshopRow } from './workshops.ts';

export const PEEK_FRAME_WINDOW = 200;

export const peekTopic = (peekId: number) => `peek:${peekId}`;

type PeekRow = Selectable<PeeksTable>;
const OPEN = ['requested', 'active'];

export const toPeekState = (row: PeekRow): PeekState => ({ id: row.id, learnerId: row.learner_id, status: row.status as PeekState['status'], requestedAt: row.requested_at, startedAt: row.started_at, endedAt: row.ended_at });

/** Asks a learner of the workshop to share their terminal; an open request or peek for them is returned as it is. */
export async function requestPeek(ctx: ServiceContext, workshop: WorkshopRow, instructor: { id: number; email: string }, learnerId: number): Promise<PeekState> {
  return writeEvents(ctx, workshop.id, async (trx, append) => {
    const learner = await trx.selectFrom('learners').select(['id', 'left_at']).where('id', '=', learnerId).where('workshop_id', '=', workshop.id).executeTakeFirst();
    if (!learner) throw notFound(`Learner ${learnerId} in workshop ${workshop.code}`);
    if (learner.left_at !== null) throw new ServiceError(409, 'learner-left', 'This learner has left the workshop; there is no terminal to see.');
    const open = await trx.selectFrom('peeks').selectAll().where('learner_id', '=', learnerId).where('status', 'in', OPEN).orderBy('id', 'desc').executeTakeFirst();
    if (open) return toPeekState(open);
    const row = await trx
      .insertInto('peeks')
      .values({ workshop_id: workshop.id, learner_id: learnerId, instructor_id: instructor.id, status: 'requested', requested_at: ctx.now(), started_at: null, ended_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await append({ learnerId, type: 'peek-requested', payload: { peek: row.id, instructor: instructor.email } });
    return toPeekState(row);
  });
}

export async function peekOfWorkshop(ctx: ServiceContext, workshop: WorkshopRow, peekId: number): Promise<PeekState> {
  const row = await ctx.storage.db.selectFrom('peeks').selectAll().where('id', '=', peekId).where('workshop_id', '=', workshop.id).executeTakeFirst();
  if (!row) throw notFound(`Peek ${peekId}`);
  return toPeekState(row);
}

/** The learner's open peek (asked for, or active), if any: what their tab shows after a reload. */
export async function openPeekOf(ctx: ServiceContext, learner: Learner): Promise<(PeekState & { instructor: string }) | null> {
  const row = await ctx.storage.db
    .selectFrom('peeks')
    .innerJoin('instructors', 'instructors.id', 'peeks.instructor_id')
    .selectAll('peeks')
    .select('instructors.email')
    .where('peeks.learner_id', '=', learner.id)
    .where('peeks.status', 'in', OPEN)
    .orderBy('peeks.id', 'desc')
    .executeTakeFirst();
  return row ? { ...toPeekState(row), instructor: row.email } : null;
}

export type PeekAnswer = 'accept' | 'decline' | 'stop';

const NEXT: Record<PeekAnswer, { from: string[]; to: string; event: string }> = {
  accept: { from: ['requested'], to: 'active', event: 'peek-accepted' },
  decline: { from: ['requested'], to: 'declined', event: 'peek-declined' },
  stop: { from: OPEN, to: 'ended', event: 'peek-ended' },
};

async function movePeek(ctx: ServiceContext, workshopId: number, where: { peekId: number; learnerId?: number }, answer: PeekAnswer, by: 'learner' | 'instructor'): Promise<PeekState> {
  return writeEvents(ctx, workshopId, async (trx, append) => {
    let query = trx.selectFrom('peeks').selectAll().where('id', '=', where.peekId).where('workshop_id', '=', workshopId);
    if (where.learnerId !== undefined) query = query.where('learner_id', '=', where.learnerId);
    const row = await query.executeTakeFirst();
    if (!row) throw notFound(`Peek ${where.peekId}`);
    const step = NEXT[answer];
    if (!step.from.includes(row.status)) {
      if (answer === 'stop' && !OPEN.includes(row.status)) return toPeekState(row);
      throw new ServiceError(409, 'peek-not-open', `This peek is ${row.status}; the instructor can ask again from the dashboard.`);
    }
    const now = ctx.now();
    const updated = await trx
      .updateTable('peeks')
      .set({ status: step.to, started_at: step.to === 'active' ? now : row.started_at, ended_at: step.to === 'active' ? null : now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (step.to !== 'active') await trx.deleteFrom('peek_frames').where('peek_id', '=', row.id).execute();
    await append({ learnerId: row.learner_id, type: step.event, payload: { peek: row.id, by } });
    return toPeekState(updated);
  });
}

/** The learner accepts, declines or stops a peek of their own terminal. */
export const answerPeek = (ctx: ServiceContext, learner: Learner, peekId: number, answer: PeekAnswer) => movePeek(ctx, learner.workshopId, { peekId, learnerId: learner.id }, answer, 'learner');

/** An instructor of the workshop ends a peek (or withdraws the request). */
export const stopPeek = (ctx: ServiceContext, workshop: WorkshopRow, peekId: number) => movePeek(ctx, workshop.id, { peekId }, 'stop', 'instructor');

/** Stores a frame of the learner's terminal output; refused unless the peek is theirs and active. */
export async function addPeekFrame(ctx: ServiceContext, learner: Learner, peekId: number, frame: { data: string; reset: boolean; rows?: number; cols?: number }): Promise<number> {
  const id = await ctx.storage.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('peeks').select(['id', 'status']).where('id', '=', peekId).where('learner_id', '=', learner.id).executeTakeFirst();
    if (!row) throw notFound(`Peek ${peekId}`);
    if (row.status !== 'active') throw new ServiceError(409, 'peek-not-active', `This peek is ${row.status}; nothing of your terminal is shared.`);
    const inserted = await trx.insertInto('peek_frames').values({ peek_id: peekId, data: frame.data, reset: frame.reset ? 1 : 0, rows: frame.rows ?? null, cols: frame.cols ?? null, created_at: ctx.now() }).returning('id').executeTakeFirstOrThrow();
    const oldest = await trx.selectFrom('peek_frames').select('id').where('peek_id', '=', peekId).orderBy('id', 'desc').offset(PEEK_FRAME_WINDOW).limit(1).executeTakeFirst();
    if (oldest) await trx.deleteFrom('peek_frames').where('peek_id', '=', peekId).where('id', '<=', oldest.id).execute();
    return inserted.id;
  });
  await ctx.bus.publish(peekTopic(peekId), id);
  return id;
}

export interface PeekFrame {
  id: number;
  data: string;
  reset: boolean;
  size?: { rows: number; cols: number };
}

export async function peekFramesAfter(ctx: ServiceContext, peekId: number, after: number, limit = 500): Promise<PeekFrame[]> {
  const rows = await ctx.storage.db.selectFrom('peek_frames').select(['id', 'data', 'reset', 'rows', 'cols']).where('peek_id', '=', peekId).where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, data: r.data, reset: r.reset === 1, ...(r.rows !== null && r.cols !== null ? { size: { rows: r.rows, cols: r.cols } } : {}) }));
}
