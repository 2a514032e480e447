/**
 * The event log: every change in a workshop (a learner's report, a raised hand, an instructor's
 * broadcast) is a row with an id, written in one transaction with its effect on the derived
 * tables (learners, progress, hands), then announced on the bus. Streams read rows back by id,
 * so a restart or a second instance loses nothing.
 */
import type { Transaction } from 'kysely';
import type { LearnerEvent, StreamEvent } from '../schemas.ts';
import { lockWorkshopEvents } from '../storage/database.ts';
import { learnersTopic, learnerTopic, workshopTopic } from '../storage/event-bus.ts';
import type { Database } from '../storage/schema.ts';
import type { ServiceContext } from './context.ts';
import { applyLearnerEvent } from './effects.ts';
import type { Learner } from './learners.ts';

export interface NewEvent {
  workshopId: number;
  learnerId: number | null;
  type: string;
  payload: Record<string, unknown>;
  key?: string;
}

/** Inserts one event row inside a transaction that holds the workshop's event lock. */
export async function insertEvent(trx: Transaction<Database>, at: number, event: NewEvent): Promise<number> {
  const row = await trx
    .insertInto('events')
    .values({ workshop_id: event.workshopId, learner_id: event.learnerId, type: event.type, payload: JSON.stringify(event.payload), idem_key: event.key ?? null, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Runs `write` in a transaction that holds the workshop's event lock, then wakes the streams
 * with the largest event id it wrote (if any).
 */
export async function writeEvents<T>(ctx: ServiceContext, workshopId: number, write: (trx: Transaction<Database>, append: (event: Omit<NewEvent, 'workshopId'>) => Promise<number>) => Promise<T>): Promise<T> {
  let last = 0;
  // A broadcast wakes every learner's stream; an event about one learner wakes only theirs.
  const forLearners = new Map<string, number>();
  const result = await ctx.storage.db.transaction().execute(async (trx) => {
    await lockWorkshopEvents(trx, ctx.storage.kind, workshopId);
    return write(trx, async (event) => {
      const id = await insertEvent(trx, ctx.now(), { ...event, workshopId });
      last = Math.max(last, id);
      if (LEARNER_VISIBLE_TYPES.includes(event.type)) {
        const topic = event.learnerId === null ? learnersTopic(workshopId) : learnerTopic(event.learnerId);
        forLearners.set(topic, Math.max(forLearners.get(topic) ?? 0, id));
      }
      return id;
    });
  });
  if (last > 0) await ctx.bus.publish(workshopTopic(workshopId), last);
  for (const [topic, id] of forLearners) await ctx.bus.publish(topic, id);
  return result;
}

export interface Accepted {
  key: string;
  id: number;
  /** True when this key was stored before: the retry changed nothing. */
  duplicate: boolean;
}

/** Stores a learner's events (a batch from their tab's queue); a key seen before is not stored again. */
export async function recordLearnerEvents(ctx: ServiceContext, learner: Learner, events: LearnerEvent[]): Promise<Accepted[]> {
  return writeEvents(ctx, learner.workshopId, async (trx, append) => {
    const accepted: Accepted[] = [];
    for (const event of events) {
      const seen = await trx.selectFrom('events').select('id').where('learner_id', '=', learner.id).where('idem_key', '=', event.key).executeTakeFirst();
      if (seen) {
        accepted.push({ key: event.key, id: seen.id, duplicate: true });
        continue;
      }
      const { key, type, ...payload } = event;
      const extra = await applyLearnerEvent(trx, ctx.now(), learner, event);
      const id = await append({ learnerId: learner.id, type, key, payload: { ...payload, ...extra, name: learner.name } });
      accepted.push({ key, id, duplicate: false });
    }
    await trx.updateTable('learners').set({ last_seen_at: ctx.now() }).where('id', '=', learner.id).execute();
    return accepted;
  });
}

export interface EventFilter {
  /** Only what a learner may read: broadcasts, and events about their own hands and peeks. */
  forLearner?: number;
  /** What any learner may read (broadcasts, and every learner's hand and peek events), for streams that share a query and then keep their own share (visibleTo). */
  anyLearner?: boolean;
}

export const LEARNER_VISIBLE_TYPES = ['broadcast', 'hand-acknowledged', 'hand-resolved', 'peek-requested', 'peek-accepted', 'peek-declined', 'peek-ended'];

export async function eventsAfter(ctx: ServiceContext, workshopId: number, after: number, limit = 500, filter: EventFilter = {}): Promise<StreamEvent[]> {
  let query = ctx.storage.db.selectFrom('events').selectAll().where('workshop_id', '=', workshopId).where('id', '>', after);
  if (filter.forLearner !== undefined) {
    const learnerId = filter.forLearner;
    query = query.where((eb) => eb.or([eb('type', '=', 'broadcast'), eb.and([eb('learner_id', '=', learnerId), eb('type', 'in', LEARNER_VISIBLE_TYPES)])]));
  } else if (filter.anyLearner) {
    query = query.where('type', 'in', LEARNER_VISIBLE_TYPES);
  }
  const rows = await query.orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, type: r.type, learnerId: r.learner_id, at: r.created_at, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

/** Whether a learner may read an event: a broadcast, or an event about them of a kind learners read. */
export const visibleTo = (event: StreamEvent, learnerId: number): boolean => event.type === 'broadcast' || (event.learnerId === learnerId && LEARNER_VISIBLE_TYPES.includes(event.type));

export async function lastEventId(ctx: ServiceContext, workshopId: number): Promise<number> {
  const row = await ctx.storage.db.selectFrom('events').select((eb) => eb.fn.max('id').as('last')).where('workshop_id', '=', workshopId).executeTakeFirst();
  return Number(row?.last ?? 0);
}
