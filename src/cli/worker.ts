/**
 * stacklab worker: takes exam re-grade jobs from the classroom server's database
 * (DATABASE_URL, or SQLite in $STACKLAB_DATA) and grades each on one VM of this installation's
 * guest image, reused from job to job. On PostgreSQL, start as many as you like, on as many
 * machines, against the same DATABASE_URL (pg-boss hands each job to one); each needs the same
 * Stacklab version and built image (npm run build:image) the exam was given with.
 * STACKLAB_REGRADE_TIMEOUT_SECONDS (default 900): a job running longer is taken as crashed and
 * retried. SIGINT/SIGTERM stop it; a job it was grading is retried by another worker.
 */
import { hostname } from 'node:os';
import { configFromEnv } from '../server/config.ts';
import { startExamJobs } from '../server/jobs/exam-worker.ts';
import { courseCatalog } from '../server/services/catalog.ts';
import type { ServiceContext } from '../server/services/context.ts';
import { eventBusFor, openStorage } from '../server/storage/database.ts';

export async function workerCommand(): Promise<number> {
  const config = configFromEnv();
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // The bus carries submissions to this worker and its progress to the dashboards (LISTEN/NOTIFY on PostgreSQL).
  const bus = await eventBusFor(storage);
  const ctx: ServiceContext = { storage, bus, now: Date.now, catalog: courseCatalog() };
  const name = `${hostname()}:${process.pid}`;
  const jobs = await startExamJobs(ctx, { work: true, eager: true, worker: name, log: (line) => console.log(`${new Date().toISOString()} ${line}`) });
  console.log(`stacklab worker ${name}: taking exam re-grade jobs from ${storage.location} (${jobs.queue()?.kind})`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await jobs.stop();
  await bus.close();
  await storage.close();
  return 0;
}
