/**
 * The exam re-grade queue's throughput: N submitted two-task sittings graded by 1, then 2,
 * `stacklab worker` processes on this machine, on SQLite and (with DATABASE_URL) PostgreSQL.
 * Prints sittings per minute and the speed-up of the second worker.
 *
 *   npx tsx bench/regrade-queue.ts [--sittings 200] [--workers 1,2] [--db sqlite,postgres]
 *
 * Every sitting submits the same real bundle (sat once on the guest: one task solved, one
 * never started), so each job is the same work: the bench rewrites each sitting's seed to the
 * bundle's before submitting it. A worker's first job includes starting its VM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadExam } from '../src/exams/load.ts';
import type { Bundle } from '../src/exams/schema.ts';
import { sitExam } from '../src/exams/sit.ts';
import { courseCatalog } from '../src/server/services/catalog.ts';
import type { ServiceContext } from '../src/server/services/context.ts';
import { openExamSession, sittingByToken, startSitting, submitSitting } from '../src/server/services/exam-sessions.ts';
import { createInstructor } from '../src/server/services/instructors.ts';
import { openStorage, type StorageOptions } from '../src/server/storage/database.ts';
import { inProcessBus } from '../src/server/storage/event-bus.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
// A fresh database per run, as the server tests make them (SQLite in a temp folder, or one on the DATABASE_URL cluster).
import { freshDatabase, type Kind } from '../tests/server/support/databases.ts';

const { values } = parseArgs({ options: { sittings: { type: 'string', default: '200' }, workers: { type: 'string', default: '1,2' }, db: { type: 'string', default: process.env.DATABASE_URL ? 'sqlite,postgres' : 'sqlite' } } });
const sittings = Number(values.sittings);
const workerCounts = values.workers.split(',').map(Number);
const root = join(import.meta.dirname, '..');
const exam = loadExam('e2e-short');

/** N sittings of one session, each submitted with `bundle`. */
async function submitMany(ctx: ServiceContext, bundle: Bundle, n: number): Promise<void> {
  const teacher = await createInstructor(ctx, { email: 'bench@example.org', password: 'a long enough password', admin: true });
  const session = await openExamSession(ctx, teacher.id, { exam: exam.id, minutes: 600 });
  for (let i = 0; i < n; i++) {
    const { token } = await startSitting(ctx, session.code, `candidate ${i + 1}`);
    const sitting = await sittingByToken(ctx, token);
    await ctx.storage.db.updateTable('exam_sittings').set({ seed: bundle.seed }).where('id', '=', sitting.row.id).execute();
    await submitSitting(ctx, { ...sitting, row: { ...sitting.row, seed: bundle.seed } }, bundle);
  }
}

function startWorker(options: StorageOptions): ChildProcess {
  const env = { ...process.env, DATABASE_URL: options.databaseUrl ?? '', STACKLAB_DATA: options.dataDir ?? '' };
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], { cwd: root, env, stdio: 'ignore' });
}

async function run(kind: string, bundle: Bundle, workers: number): Promise<{ seconds: number; perMinute: number }> {
  const fresh = await freshDatabase(kind as Kind);
  const storage = await openStorage(fresh.options);
  const ctx: ServiceContext = { storage, bus: inProcessBus(), now: Date.now, catalog: courseCatalog() };
  try {
    await submitMany(ctx, bundle, sittings);
    const started = performance.now();
    const children = Array.from({ length: workers }, () => startWorker(fresh.options));
    try {
      for (;;) {
        const graded = await storage.db.selectFrom('exam_grades').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        if (Number(graded.n) >= sittings) break;
        if (children.every((c) => c.exitCode !== null)) throw new Error('every worker exited before the queue was done');
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      for (const child of children) child.kill('SIGTERM');
    }
    const seconds = (performance.now() - started) / 1000;
    const wrong = await storage.db.selectFrom('exam_grades').select('sitting_id').where('verdict', '!=', 'fail').execute();
    if (wrong.length > 0) throw new Error(`${wrong.length} sittings were not graded as the bundle's fail`);
    return { seconds, perMinute: (sittings / seconds) * 60 };
  } finally {
    await storage.close();
    await fresh.drop();
  }
}

const assets = loadNodeAssets();
const machine = await Machine.start(assets, { kind: 'state', state: (await loadNodeSnapshot(assets)).state });
const bundle = await sitExam(machine, exam, 'bench-regrade-queue', { cable: 'solution' }, assets.image.build);
await machine.destroy();
console.log(`${sittings} two-task sittings (task 1 solved, task 2 never started) per run; workers: ${workerCounts.join(', ')}`);
for (const kind of values.db.split(',')) {
  const rates: number[] = [];
  for (const workers of workerCounts) {
    const { seconds, perMinute } = await run(kind, bundle, workers);
    rates.push(perMinute);
    console.log(`${kind.padEnd(8)} ${workers} worker${workers === 1 ? ' ' : 's'}  ${seconds.toFixed(1)} s  ${perMinute.toFixed(1)} sittings/min${rates.length > 1 ? `  speed-up ${(perMinute / rates[0]!).toFixed(2)}x` : ''}`);
  }
}
