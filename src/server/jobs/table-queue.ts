/**
 * The re-grade queue on SQLite: a row per job in exam_regrade_jobs, in the same file as
 * everything else, so it survives a restart. A worker claims the oldest queued job (or one
 * whose lease ran out: its worker crashed) in one UPDATE ... RETURNING, which SQLite runs
 * alone; it renews nothing, so the lease is the job's time limit.
 */
import { sql } from 'kysely';
import type { Storage } from '../storage/database.ts';
import type { QueueSettings, RegradeHandler, RegradeQueue } from './queue.ts';

export function tableQueue(storage: Storage, settings: QueueSettings): RegradeQueue {
  const { db } = storage;
  let closed = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), settings.pollMs);
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      wake = done;
    });

  async function claim(): Promise<number | undefined> {
    const now = Date.now();
    const takeable = sql<boolean>`(status = 'queued' or (status = 'running' and lease_until < ${now}))`;
    const row = await db
      .updateTable('exam_regrade_jobs')
      .set((eb) => ({ status: 'running', lease_until: now + settings.timeoutSeconds * 1000, attempts: eb('attempts', '+', 1) }))
      .where('sitting_id', '=', (eb) => eb.selectFrom('exam_regrade_jobs').select('sitting_id').where(takeable).orderBy('sitting_id').limit(1))
      .where(takeable)
      .returning('sitting_id')
      .executeTakeFirst();
    return row?.sitting_id;
  }

  return {
    kind: 'sqlite-table',
    async requeuePending() {
      const result = await db
        .insertInto('exam_regrade_jobs')
        .columns(['sitting_id', 'status', 'created_at'])
        .expression((eb) => eb.selectFrom('exam_sittings').select(['id', sql.lit('queued').as('status'), sql.lit(Date.now()).as('created_at')]).where('grade_status', '=', 'queued'))
        .onConflict((oc) => oc.column('sitting_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },
    work(handle: RegradeHandler) {
      loop ??= (async () => {
        while (!closed) {
          const sittingId = await claim();
          if (sittingId === undefined) {
            await idle();
            continue;
          }
          try {
            await handle({ sittingId });
            await db.updateTable('exam_regrade_jobs').set({ status: 'done', lease_until: null }).where('sitting_id', '=', sittingId).execute();
          } catch (error) {
            // Taken again at once by the next claim: the handler gives up by itself after its last attempt.
            const message = error instanceof Error ? error.message : String(error);
            await db.updateTable('exam_regrade_jobs').set({ status: 'queued', lease_until: null, last_error: message }).where('sitting_id', '=', sittingId).execute();
          }
        }
      })();
      return Promise.resolve();
    },
    poke: () => wake?.(),
    async close() {
      closed = true;
      wake?.();
      await loop;
    },
  };
}
