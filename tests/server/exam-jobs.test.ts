/**
 * The exam re-grade jobs with real VM states, on each database the run has: bundles sat on
 * the real guest (one task solved, one never started) are submitted to a server, the server is
 * restarted before any grading (nothing is lost), then `stacklab worker` processes take the
 * jobs; the first is killed (SIGKILL) mid-job, and the job is retried by a second worker and
 * graded once. A candidate whose browser report was edited gets the authoritative score, and
 * the disagreement is shown, also by `stacklab exam results --json`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExam } from '../../src/exams/load.ts';
import type { Bundle } from '../../src/exams/schema.ts';
import { sitExam } from '../../src/exams/sit.ts';
import type { SittingResult, SittingView } from '../../src/server/exam-schemas.ts';
import type { RunningServer } from '../../src/server/server.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { loadNodeAssets } from '../../src/vm/node-assets.ts';
import { startFromSnapshot } from '../integration/vm-helpers.ts';
import { waitFor } from './exam-wait.ts';
import { freshDatabase, kinds, type FreshDatabase } from './support/databases.ts';
import { instructor, serverOn, type Instructor } from './support/http.ts';

const exam = loadExam('e2e-short');
const root = join(import.meta.dirname, '../..');
/** Short, so a killed worker's job is taken again within the test; long enough for a 2-task re-grade on a busy host. */
const TIMEOUT_SECONDS = 90;

let machine: Machine;
beforeAll(async () => {
  machine = await startFromSnapshot();
}, 180_000);
afterAll(async () => {
  await machine?.destroy();
});


describe.each(kinds)('exam re-grade jobs on %s', (kind) => {
  let db: FreshDatabase;
  let server: RunningServer;
  let ada: Instructor;
  let session: string;
  const workers: ChildProcess[] = [];
  const env = () => ({ ...process.env, ...(db.options.databaseUrl ? { DATABASE_URL: db.options.databaseUrl } : { DATABASE_URL: '', STACKLAB_DATA: db.options.dataDir! }), STACKLAB_REGRADE_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
  const results = async () => ((await (await ada.call(`/api/exam-sessions/${session}`)).json()) as { sittings: SittingResult[] }).sittings;

  function startWorker(): ChildProcess & { output: string[] } {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], { cwd: root, env: env(), stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { output: string[] };
    child.output = [];
    child.stdout!.on('data', (d: Buffer) => child.output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => child.output.push(d.toString()));
    workers.push(child);
    return child;
  }

  async function sitAndSubmit(name: string, edit?: (bundle: Bundle) => void): Promise<SittingView> {
    const started = await fetch(`${server.url}/api/exam-sessions/${session}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    const { token, sitting } = (await started.json()) as { token: string; sitting: SittingView };
    const bundle = await sitExam(machine, exam, sitting.seed, { cable: 'solution' }, loadNodeAssets().image.build);
    edit?.(bundle);
    const submitted = await fetch(`${server.url}/api/exam-sitting/submit`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ bundle }) });
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    return sitting;
  }

  const timeoutBefore = process.env.STACKLAB_REGRADE_TIMEOUT_SECONDS;
  beforeAll(async () => {
    // The server's setting too: on PostgreSQL a job's time limit is fixed when it is queued.
    process.env.STACKLAB_REGRADE_TIMEOUT_SECONDS = String(TIMEOUT_SECONDS);
    db = await freshDatabase(kind);
    // No grading in the server: the workers below do it (on PostgreSQL the server never grades).
    server = await serverOn(db.options, { examGrading: 'queue-only' });
    ada = await instructor(server, 'ada@example.org', true);
    const opened = await ada.call('/api/exam-sessions', { method: 'POST', json: { exam: exam.id, minutes: 30 } });
    session = ((await opened.json()) as { session: string }).session;
  }, 120_000);
  afterAll(async () => {
    if (timeoutBefore === undefined) delete process.env.STACKLAB_REGRADE_TIMEOUT_SECONDS;
    else process.env.STACKLAB_REGRADE_TIMEOUT_SECONDS = timeoutBefore;
    for (const w of workers) w.kill('SIGKILL');
    await server?.close();
    await db?.drop();
  });

  it('keeps submitted sittings across a server restart before any grading', async () => {
    await sitAndSubmit('Bo');
    await sitAndSubmit('Cy', (bundle) => {
      // Cy's browser report was edited (as through the page's storage): full marks claimed.
      bundle.browserReport = { ...bundle.browserReport, points: 100, percent: 100, passed: true, tasks: bundle.browserReport.tasks.map((t) => ({ ...t, points: t.weight })) };
    });
    await server.close();
    server = await serverOn(db.options, { examGrading: 'queue-only' });
    ada = await instructor(server, 'ada@example.org', true);
    const rows = await results();
    expect(rows.map((r) => [r.candidate, r.status, r.submittedBy])).toEqual([
      ['Bo', 'queued', 'candidate'],
      ['Cy', 'queued', 'candidate'],
    ]);
  }, 180_000);

  it('retries the job of a worker killed mid-job on another worker, and records its grade once', async () => {
    const first = startWorker();
    const grading = await waitFor('a worker to start grading', async () => (await results()).find((r) => r.status === 'grading'), 120_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const second = startWorker();
    const rows = await waitFor('both sittings graded', async () => {
      const all = await results();
      return all.every((r) => r.status === 'graded') ? all : undefined;
    }, (TIMEOUT_SECONDS + 150) * 1000).catch(async (error: Error) => {
      const states = (await results()).map((r) => [r.candidate, r.status, r.attempts, r.reason]);
      throw new Error(`${error.message}; sittings ${JSON.stringify(states)}; first worker:\n${first.output.join('')}\nsecond worker:\n${second.output.join('')}`);
    });
    second.kill('SIGTERM');
    const killed = rows.find((r) => r.id === grading.id)!;
    expect(killed.attempts, second.output.join('')).toBe(2);
    const grades = await server.ctx.storage.db.selectFrom('exam_grades').select(['sitting_id', 'attempt', 'worker']).execute();
    expect(grades).toHaveLength(2);
    const killedGrade = grades.find((g) => g.sitting_id === grading.id)!;
    expect(killedGrade.attempt).toBe(2);
    expect(killedGrade.worker).toBe(`${(await import('node:os')).hostname()}:${second.pid}`);
    for (const r of rows) {
      expect(r.verdict).toBe('fail');
      expect(r.authoritative).toMatchObject({ points: 40, maximum: 100 });
      expect(r.report!.tasks.map((t) => [t.id, t.points])).toEqual([
        ['cable', 40],
        ['switch', 0],
      ]);
    }
    expect(rows.find((r) => r.candidate === 'Bo')).toMatchObject({ agree: true, claimed: { points: 40 }, differences: [] });
    const cy = rows.find((r) => r.candidate === 'Cy')!;
    expect(cy).toMatchObject({ agree: false, claimed: { points: 100, passed: true } });
    expect(cy.differences).toContain('task switch: 0 points, the browser claimed 60');
  }, 400_000);

  it('prints each sitting with `stacklab exam results --json`', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'exam', 'results', session, '--json'], { cwd: root, env: env() });
    const printed = JSON.parse(stdout) as { sittings: Array<{ candidate: string; started: string; submitted: string; verdict: string; score: { points: number }; claimed: { points: number }; agree: boolean }> };
    expect(printed.sittings.map((s) => [s.candidate, s.verdict, s.score.points, s.claimed.points, s.agree])).toEqual([
      ['Bo', 'fail', 40, 40, true],
      ['Cy', 'fail', 40, 100, false],
    ]);
    for (const s of printed.sittings) expect(Date.parse(s.submitted)).toBeGreaterThanOrEqual(Date.parse(s.started));
  }, 60_000);
});
