/**
 * The re-grade job: the sitting's bundle, assembled from the server's records, graded by
 * src/exams/regrade.ts's trusted path on this worker's VM, and its grade recorded once. A
 * bundle the re-grader refuses (damaged or edited state data, another image build) is
 * recorded as invalid with the reason, not retried. Anything else (the VM failed) is retried
 * by the queue, up to MAX_ATTEMPTS attempts in all, counting those of crashed workers.
 */
import { BundleError, regradeBundle, type RegradeResult } from '../../exams/regrade.ts';
import type { Bundle } from '../../exams/schema.ts';
import { messageOf } from '../../lib/message-of.ts';
import { Machine } from '../../vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../../vm/node-assets.ts';
import type { ServiceContext } from '../services/context.ts';
import { beginGrading, isGraded, recordGrade, recordGradingFailed } from '../services/exam-grades.ts';
import { assembleBundle } from '../services/exam-sessions.ts';
import { sendSittingScore } from '../lti/score-outbox.ts';
import type { RegradeHandler } from './queue.ts';

export const MAX_ATTEMPTS = 3;

export interface BundleGrader {
  regrade(bundle: Bundle): Promise<RegradeResult>;
  close(): Promise<void>;
}

/** One VM per worker, started at its first job and reused for every job after (a failed VM is replaced). */
export function machineGrader(): BundleGrader {
  let machine: Promise<Machine> | undefined;
  const start = async () => {
    const assets = loadNodeAssets();
    return Machine.start(assets, { kind: 'state', state: (await loadNodeSnapshot(assets)).state });
  };
  return {
    async regrade(bundle) {
      // The VM starts (or is reused) only once the bundle's states have decoded: a damaged bundle never starts one.
      let vm: Machine | undefined;
      const take = async () => {
        try {
          return (vm = await (machine ??= start()));
        } catch (error) {
          machine = undefined; // a VM that failed to start is started afresh for the next job
          throw error;
        }
      };
      try {
        return await regradeBundle(bundle, { machine: take });
      } catch (error) {
        if (vm && !(error instanceof BundleError)) {
          machine = undefined;
          await vm.destroy().catch(() => {});
        }
        throw error;
      }
    },
    async close() {
      const vm = await machine?.catch(() => undefined);
      machine = undefined;
      await vm?.destroy();
    },
  };
}

export function regradeHandler(ctx: ServiceContext, grader: BundleGrader, worker: string, log: (line: string) => void = () => {}): RegradeHandler {
  return async ({ sittingId }) => {
    if (await isGraded(ctx, sittingId)) return;
    const attempt = await beginGrading(ctx, sittingId);
    if (attempt > MAX_ATTEMPTS) {
      await recordGradingFailed(ctx, sittingId, `The re-grade was tried ${MAX_ATTEMPTS} times and its worker stopped each time before it finished; check the workers' logs and memory, then re-queue it.`);
      return;
    }
    log(`sitting ${sittingId}: grading (attempt ${attempt})`);
    const bundle = await assembleBundle(ctx, sittingId);
    try {
      const result = await grader.regrade(bundle);
      const recorded = await recordGrade(ctx, sittingId, { kind: 'graded', result }, attempt, worker);
      // A sitting launched from an LMS (LTI): its authoritative score, queued with the grade, goes to the LMS gradebook now (or, refused, at a later sweep).
      if (recorded) {
        const sent = await sendSittingScore(ctx, sittingId).catch((error: unknown) => ({ status: 'pending' as const, error: messageOf(error) }));
        if (sent && 'error' in sent) log(`sitting ${sittingId}: the LMS did not take the score yet (${sent.status}): ${sent.error}`);
      }
      log(`sitting ${sittingId}: ${result.authoritative.passed ? 'PASS' : 'FAIL'} ${result.authoritative.points}/${result.authoritative.maximum}${recorded ? '' : ' (already recorded by another attempt; not recorded again)'}`);
    } catch (error) {
      if (error instanceof BundleError) {
        await recordGrade(ctx, sittingId, { kind: 'invalid', reason: messageOf(error) }, attempt, worker);
        log(`sitting ${sittingId}: INVALID ${messageOf(error).split('\n')[0]}`);
        return;
      }
      log(`sitting ${sittingId}: attempt ${attempt} failed: ${messageOf(error)}`);
      if (attempt >= MAX_ATTEMPTS) {
        await recordGradingFailed(ctx, sittingId, `The re-grade failed ${attempt} times; the last time: ${messageOf(error)}`);
        return;
      }
      throw error;
    }
  };
}
