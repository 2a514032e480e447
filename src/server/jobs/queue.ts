/**
 * The re-grade job queue, as the workers see it. A submitted sitting is "queued" in
 * exam_sittings (written in the submission's transaction); requeuePending() makes sure each
 * such sitting has a job. On PostgreSQL the jobs are pg-boss's, so `npx stacklab worker` on
 * any machine against the same DATABASE_URL takes them; on SQLite they are rows of
 * exam_regrade_jobs, taken by the server in process (or a worker on the same file).
 *
 * A job runs at most `timeoutSeconds`; one still running after that belongs to a crashed (or
 * stuck) worker and is taken again. The handler's write is idempotent (exam-grades.ts), so a
 * job run twice records its grade once.
 */
import type { Storage } from '../storage/database.ts';

export interface RegradeJob {
  sittingId: number;
}

export type RegradeHandler = (job: RegradeJob) => Promise<void>;

export interface RegradeQueue {
  readonly kind: 'sqlite-table' | 'pg-boss';
  /** Gives every queued sitting without a job one; returns how many were new (0 when pg-boss already had them). */
  requeuePending(): Promise<number>;
  /** Takes jobs one at a time (one VM per worker) and runs `handle` on each, until close(). */
  work(handle: RegradeHandler): Promise<void>;
  /** Asks an idle worker to look for a job now (a submission just happened). */
  poke(): void;
  close(): Promise<void>;
}

export interface QueueSettings {
  /** A job running longer than this is taken as crashed and retried (STACKLAB_REGRADE_TIMEOUT_SECONDS, default 900). */
  timeoutSeconds: number;
  /** How often an idle worker looks for work, in ms. */
  pollMs: number;
}

export function queueSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): QueueSettings {
  const timeout = Number(env.STACKLAB_REGRADE_TIMEOUT_SECONDS ?? 900);
  if (!Number.isFinite(timeout) || timeout < 5) throw new Error(`STACKLAB_REGRADE_TIMEOUT_SECONDS must be a number of seconds, at least 5; received "${env.STACKLAB_REGRADE_TIMEOUT_SECONDS}".`);
  return { timeoutSeconds: Math.round(timeout), pollMs: 1000 };
}

/** The queue that fits the storage: pg-boss on PostgreSQL, the jobs table on SQLite. */
export async function openRegradeQueue(storage: Storage, settings: QueueSettings = queueSettingsFromEnv()): Promise<RegradeQueue> {
  if (storage.kind === 'postgres') {
    const { pgBossQueue } = await import('./pg-boss-queue.ts');
    return pgBossQueue(storage, settings);
  }
  const { tableQueue } = await import('./table-queue.ts');
  return tableQueue(storage, settings);
}
