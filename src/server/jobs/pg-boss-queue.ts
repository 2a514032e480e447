/**
 * The re-grade queue on PostgreSQL: pg-boss, in its own schema of the same database. A job's
 * id is derived from its sitting, so sending it again (a requeue after a restart, two servers)
 * adds nothing; pg-boss expires a job whose worker died after the time limit and retries it.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Storage } from '../storage/database.ts';
import type { QueueSettings, RegradeHandler, RegradeQueue } from './queue.ts';

export const REGRADE_QUEUE = 'stacklab-exam-regrade';
/** Enough for the handler's own attempts (exam-regrade.ts gives up after its last) plus one. */
const RETRY_LIMIT = 4;

/** A UUID-shaped id that is the same for every send of one sitting's job. */
export function jobIdOf(sittingId: number): string {
  const hex = createHash('sha256').update(`stacklab-exam-regrade:${sittingId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function pgBossQueue(storage: Storage, settings: QueueSettings): Promise<RegradeQueue> {
  const boss = new PgBoss({
    connectionString: storage.databaseUrl,
    max: 3,
    expireInSeconds: settings.timeoutSeconds,
    retryLimit: RETRY_LIMIT,
    retryDelay: 1,
    // Expired jobs (a crashed worker's) are found by the maintenance run: often enough to retry soon after the time limit.
    maintenanceIntervalSeconds: Math.min(120, Math.max(1, Math.round(settings.timeoutSeconds / 5))),
  });
  boss.on('error', (error) => console.error(`[exam jobs] ${error instanceof Error ? error.message : String(error)}`));
  await boss.start();
  await boss.createQueue(REGRADE_QUEUE, { name: REGRADE_QUEUE, expireInSeconds: settings.timeoutSeconds, retryLimit: RETRY_LIMIT, retryDelay: 1 });
  const { db } = storage;
  let workerId: string | undefined;
  return {
    kind: 'pg-boss',
    async requeuePending() {
      const queued = await db.selectFrom('exam_sittings').select('id').where('grade_status', '=', 'queued').execute();
      let added = 0;
      for (const { id } of queued) {
        const sent = await boss.send(REGRADE_QUEUE, { sittingId: id }, { id: jobIdOf(id), expireInSeconds: settings.timeoutSeconds, retryLimit: RETRY_LIMIT, retryDelay: 1 });
        if (sent) added++;
      }
      return added;
    },
    async work(handle: RegradeHandler) {
      workerId = await boss.work<{ sittingId: number }>(REGRADE_QUEUE, { batchSize: 1, pollingIntervalSeconds: Math.max(0.5, settings.pollMs / 1000) }, async ([job]) => {
        if (!job) return;
        await handle({ sittingId: job.data.sittingId });
        // pg-boss waits out the rest of its polling interval after every fetch; after a job, the next is fetched at once (an empty queue still waits).
        if (workerId) boss.notifyWorker(workerId);
      });
    },
    poke: () => {
      if (workerId) boss.notifyWorker(workerId);
    },
    async close() {
      await boss.stop({ graceful: false, wait: true, timeout: 1000 });
    },
  };
}
