/**
 * An exam sat from an LMS, on each database: the test platform launches the user into an exam
 * session (their sitting starts), they sit it on the real guest (one task solved, one left),
 * submit, the re-grade job grades it (in the server on SQLite, a `stacklab worker` on
 * PostgreSQL), and the platform's line item receives the authoritative score, the same the
 * results show, never the browser's claim.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExam } from '../../src/exams/load.ts';
import { sitExam } from '../../src/exams/sit.ts';
import type { SittingResult, SittingView } from '../../src/server/exam-schemas.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { loadNodeAssets } from '../../src/vm/node-assets.ts';
import { startFromSnapshot } from '../integration/vm-helpers.ts';
import { waitFor } from './exam-wait.ts';
import { kinds } from './support/databases.ts';
import { launchStore, ltiWorld, type LtiWorld } from './lti-support.ts';

const exam = loadExam('e2e-short');
const root = join(import.meta.dirname, '../..');

let machine: Machine;
beforeAll(async () => {
  machine = await startFromSnapshot();
}, 180_000);
afterAll(async () => {
  await machine?.destroy();
});

describe.each(kinds)('an LTI exam sitting on %s', { timeout: 300_000 }, (kind) => {
  let world: LtiWorld;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    world = await ltiWorld(kind);
    if (kind === 'postgres') {
      // On PostgreSQL the server only queues re-grades; a worker process takes them.
      worker = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], { cwd: root, env: { ...process.env, DATABASE_URL: world.db.options.databaseUrl }, stdio: 'ignore' });
    }
  }, 120_000);
  afterAll(async () => {
    worker?.kill('SIGTERM');
    await world?.close();
  });

  it('posts the re-graded score of a sitting launched from the LMS to its line item', async () => {
    const opened = await world.admin.call('/api/exam-sessions', { method: 'POST', json: { exam: exam.id, minutes: 30 } });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const session = ((await opened.json()) as { session: string }).session;
    const { response } = await world.platform.launch({ target: `exam-session:${session}`, user: 'lms-candidate', resourceLink: 'short-exam' });
    const html = await response.text();
    expect(response.status, html).toBe(200);
    const { token } = launchStore(html)[`stacklab:exam-session:${session}`] as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const sitting = (await (await fetch(`${world.server.url}/api/exam-sitting`, { headers: auth })).json()) as SittingView;
    const bundle = await sitExam(machine, exam, sitting.seed, { cable: 'solution' }, loadNodeAssets().image.build);
    const submitted = await fetch(`${world.server.url}/api/exam-sitting/submit`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ bundle }) });
    expect(submitted.status, await submitted.clone().text()).toBe(200);

    const graded = await waitFor(
      'the sitting to be graded',
      async () => {
        const { sittings } = (await (await world.admin.call(`/api/exam-sessions/${session}`)).json()) as { sittings: SittingResult[] };
        const result = sittings.find((s) => s.id === sitting.id);
        return result && result.authoritative ? result : undefined;
      },
      240_000,
      1000,
    );
    await waitFor('the LMS to receive the score', async () => world.platform.scores[0], 30_000);
    expect(world.platform.scores).toHaveLength(1);
    const authoritative = graded.authoritative!;
    expect(world.platform.scores[0]).toMatchObject({
      lineItem: world.platform.lineItemUrl('short-exam'),
      body: { userId: 'lms-candidate', scoreGiven: authoritative.points, scoreMaximum: authoritative.maximum, activityProgress: 'Submitted', gradingProgress: 'FullyGraded' },
    });
    // The instructor's results say the LMS has it.
    const lms = await waitFor(
      'the results to show the score posted',
      async () => {
        const { sittings } = (await (await world.admin.call(`/api/exam-sessions/${session}`)).json()) as { sittings: SittingResult[] };
        const status = sittings.find((s) => s.id === sitting.id)?.lms;
        return status?.status === 'posted' ? status : undefined;
      },
      30_000,
    );
    expect(lms).toMatchObject({ attempts: 1, lastError: null, postedAt: expect.any(String) });
    // One task of two solved: neither nothing nor everything.
    expect(authoritative.points).toBeGreaterThan(0);
    expect(authoritative.points).toBeLessThan(authoritative.maximum);
  });
});
