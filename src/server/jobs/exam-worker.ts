/**
 * What keeps exams moving, in the server and in `npx stacklab worker`: every few seconds (and
 * at once when a submission is announced on the bus) sittings past their deadline and grace
 * are submitted with what was last saved, every queued sitting is given a job, and the LMS
 * score posts that are due (src/server/lti/score-outbox.ts) are sent. A worker also takes jobs
 * and grades them on its own VM.
 *
 * @example
 * const jobs = await startExamJobs(ctx, { work: true, worker: 'host-a:1234' });
 * await jobs.stop();
 */
import { closeExpiredSittings, EXAM_JOBS_TOPIC } from '../services/exam-sessions.ts';
import type { ServiceContext } from '../services/context.ts';
import { sendDueScores } from '../lti/score-outbox.ts';
import { machineGrader, regradeHandler, type BundleGrader } from './exam-regrade.ts';
import { openRegradeQueue, queueSettingsFromEnv, type QueueSettings, type RegradeQueue } from './queue.ts';

export interface ExamJobsOptions {
  /** Take and grade jobs here (a worker; the server on SQLite); otherwise only sweep and queue. */
  work: boolean;
  /** Names this worker in each grade it records. */
  worker: string;
  /** How often to sweep, in ms (default 5 s). */
  sweepMs?: number;
  settings?: QueueSettings;
  /** The grader (default: a VM of this installation's guest image). */
  grader?: BundleGrader;
  /** A line per job's step (the worker command prints them). */
  log?: (line: string) => void;
}

export interface ExamJobs {
  /** The queue, once opened (at once for a worker; at the first submitted sitting in the server). */
  queue(): RegradeQueue | undefined;
  /** Runs one sweep now (deadlines, due LMS score posts, then jobs for queued sittings). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

const hasSubmittedUngraded = async (ctx: ServiceContext) =>
  (await ctx.storage.db.selectFrom('exam_sittings').select('id').where('grade_status', 'in', ['queued', 'grading']).limit(1).executeTakeFirst()) !== undefined;

export async function startExamJobs(ctx: ServiceContext, options: ExamJobsOptions & { eager?: boolean }): Promise<ExamJobs> {
  const grader = options.work ? (options.grader ?? machineGrader()) : undefined;
  let queue: RegradeQueue | undefined;
  let opening: Promise<RegradeQueue> | undefined;
  let stopped = false;
  // A server without exams never opens a queue (nor pg-boss): it opens at the first submitted sitting.
  const open = () =>
    (opening ??= (async () => {
      const opened = await openRegradeQueue(ctx.storage, options.settings ?? queueSettingsFromEnv());
      if (grader) await opened.work(regradeHandler(ctx, grader, options.worker, options.log));
      queue = opened;
      return opened;
    })());
  let sweeping: Promise<void> | undefined;
  const sweep = () =>
    (sweeping ??= (async () => {
      try {
        await closeExpiredSittings(ctx);
        if (!stopped) await sendDueScores(ctx);
        if (stopped || (!queue && !(await hasSubmittedUngraded(ctx)))) return;
        const q = await open();
        if ((await q.requeuePending()) > 0) q.poke();
      } finally {
        sweeping = undefined;
      }
    })());
  const report = (error: unknown) => console.error(`[exam jobs] sweep failed: ${error instanceof Error ? error.message : String(error)}`);
  const unsubscribe = ctx.bus.subscribe(EXAM_JOBS_TOPIC, () => void sweep().catch(report));
  const timer = setInterval(() => void sweep().catch(report), options.sweepMs ?? 5000);
  if (options.eager) await open();
  await sweep();
  return {
    queue: () => queue,
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await sweeping?.catch(() => {});
      await (await opening?.catch(() => undefined))?.close();
      await grader?.close();
    },
  };
}
