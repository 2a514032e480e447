/**
 * Score posts through the outbox, against the test platform over HTTP, on each database: the
 * platform refuses (a 5xx, then 401 for an expired token) and later accepts, and the score
 * arrives exactly once; a newer best score replaces one still waiting; an exam sitting's score
 * is queued with its grade, shown to its instructor (results API and `stacklab exam results
 * --json`) as pending with the last error, survives a server restart before its retry and is
 * then sent by the restarted server's sweep; after every attempt failed it is given up, and
 * the session's instructor (nobody else) can retry it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExam } from '../../src/exams/load.ts';
import type { RegradeResult } from '../../src/exams/regrade.ts';
import type { ExamReport } from '../../src/exams/schema.ts';
import { lmsStatusText } from '../../src/lib/exam-server/results-view.ts';
import type { ExaminerSessionView, SittingResult } from '../../src/server/exam-schemas.ts';
import { FIRST_RETRY_MS, MAX_POST_ATTEMPTS, retryDelay, sendDueScores, sendSittingScore } from '../../src/server/lti/score-outbox.ts';
import type { ServiceContext } from '../../src/server/services/context.ts';
import { recordGrade } from '../../src/server/services/exam-grades.ts';
import { openExamSession } from '../../src/server/services/exam-sessions.ts';
import { findInstructor } from '../../src/server/services/instructors.ts';
import { waitFor } from './exam-wait.ts';
import { runCli } from './support/cli.ts';
import { kinds } from './support/databases.ts';
import { instructor } from './support/http.ts';
import { errorOf, launchStore, ltiWorld, type LtiWorld } from './lti-support.ts';

const DAY = 24 * 3600_000;

const examReport = (points: number, maximum: number): ExamReport => ({ points, maximum, percent: Math.round((points * 100) / maximum), passed: points * 2 >= maximum, tasks: [] });
/** What the re-grader hands to recordGrade (the outbox reads only the authoritative score). */
const graded = (points: number, maximum: number): RegradeResult => ({
  exam: loadExam('foundations-practical'),
  seed: 'outbox-test',
  authoritative: examReport(points, maximum),
  claimed: examReport(points, maximum),
  agrees: true,
  differences: [],
  findings: {},
  taskMs: {},
});

describe.each(kinds)('LMS score posts through the outbox on %s', { timeout: 180_000 }, (kind) => {
  let world: LtiWorld;
  beforeAll(async () => {
    world = await ltiWorld(kind);
  });
  afterAll(async () => world?.close());

  /** The server's services with its clock at `ms` (the backoff's time passing). */
  const at = (ms: number): ServiceContext => ({ ...world.server.ctx, now: () => ms });
  const postsOf = (lineItem: string) =>
    world.server.ctx.storage.db
      .selectFrom('lti_score_posts')
      .innerJoin('lti_line_items', 'lti_line_items.id', 'lti_score_posts.line_item_id')
      .selectAll('lti_score_posts')
      .where('lti_line_items.url', '=', lineItem)
      .orderBy('lti_score_posts.id')
      .execute();
  const received = (lineItem: string) => world.platform.scores.filter((s) => s.lineItem === lineItem);
  const attemptsAt = (lineItem: string) => world.platform.scoreAttempts.filter((a) => a.lineItem === lineItem).map((a) => a.status);
  const launchExercise = async (user: string, resourceLink: string) => {
    const { response } = await world.platform.launch({ target: 'exercise:veth-testns', user, resourceLink });
    const { token } = launchStore(await response.text())['stacklab:lti'] as { token: string };
    return (body: object) => fetch(`${world.server.url}/api/lti/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  };
  const launchSitting = async (user: string, resourceLink: string) => {
    const ctx = world.server.ctx;
    const admin = (await findInstructor(ctx, 'admin@example.org'))!;
    const session = await openExamSession(ctx, admin.id, { exam: 'foundations-practical' });
    const { response } = await world.platform.launch({ target: `exam-session:${session.code}`, user, resourceLink });
    expect(response.status).toBe(200);
    const sitting = await ctx.storage.db.selectFrom('exam_sittings').select('id').where('session_id', '=', session.id).executeTakeFirstOrThrow();
    return { session: session.code, sitting: sitting.id };
  };
  /** The session's LMS scores as its instructor's list of sessions counts them. */
  const listedLms = async (session: string) => ((await (await world.admin.call('/api/exam-sessions')).json()) as { sessions: ExaminerSessionView[] }).sessions.find((s) => s.session === session)?.lms;
  const lmsOf = async (session: string, sitting: number) => {
    const { sittings } = (await (await world.admin.call(`/api/exam-sessions/${session}`)).json()) as { sittings: SittingResult[] };
    return sittings.find((s) => s.id === sitting)?.lms;
  };

  it('sends a refused exercise score again with backoff (503, then 401 for an expired token) until the platform takes it, once', async () => {
    const lineItem = world.platform.lineItemUrl('lab-retry');
    const report = await launchExercise('student-r', 'lab-retry');
    const tokensBefore = world.platform.tokenRequests.length;
    world.platform.refuseScores(503);
    const before = Date.now();
    const first = await report({ exercise: 'veth-testns', score: 3, max: 4 });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ best: { score: 3, max: 4 }, posted: false, reason: expect.stringMatching(/sends it again by itself.*503/) });
    let [entry] = await postsOf(lineItem);
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringMatching(/503/), posted_at: null });
    expect(entry!.next_attempt_at! - before).toBeGreaterThanOrEqual(FIRST_RETRY_MS);
    expect(entry!.next_attempt_at! - Date.now()).toBeLessThanOrEqual(FIRST_RETRY_MS);
    // Not due yet: a sweep now sends nothing.
    expect(await sendDueScores(world.server.ctx)).toEqual({ posted: 0, failed: 0 });

    // The platform's tokens expire: the retry is answered 401, and the next asks for a new token.
    world.platform.expireTokens();
    const second = entry!.next_attempt_at!;
    expect(await sendDueScores(at(second))).toEqual({ posted: 0, failed: 1 });
    [entry] = await postsOf(lineItem);
    expect(entry).toMatchObject({ status: 'pending', attempts: 2, last_error: expect.stringMatching(/access token.*401/), next_attempt_at: second + retryDelay(2) });
    expect(retryDelay(2)).toBe(2 * FIRST_RETRY_MS);
    expect(await sendDueScores(at(entry!.next_attempt_at! - 1))).toEqual({ posted: 0, failed: 0 });
    expect(await sendDueScores(at(entry!.next_attempt_at!))).toEqual({ posted: 1, failed: 0 });
    [entry] = await postsOf(lineItem);
    expect(entry).toMatchObject({ status: 'posted', attempts: 3, last_error: null, next_attempt_at: null, posted_at: expect.any(Number) });

    expect(attemptsAt(lineItem)).toEqual([503, 401, 204]);
    expect(world.platform.tokenRequests.slice(tokensBefore)).toEqual([{ granted: true }, { granted: true }]);
    expect(received(lineItem)).toEqual([
      { lineItem, token: expect.any(String), body: { userId: 'student-r', scoreGiven: 3, scoreMaximum: 4, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date(entry!.created_at).toISOString() } },
    ]);
    // Taken once: later sweeps, and the same score reported again, send nothing more.
    expect(await sendDueScores(at(Date.now() + DAY))).toEqual({ posted: 0, failed: 0 });
    expect(await (await report({ exercise: 'veth-testns', score: 3, max: 4 })).json()).toMatchObject({ posted: false, reason: 'Not better than the best already posted.' });
    expect(received(lineItem)).toHaveLength(1);
  });

  it('replaces a waiting score with a better one: only the better one is sent', async () => {
    const lineItem = world.platform.lineItemUrl('lab-better');
    const report = await launchExercise('student-b', 'lab-better');
    world.platform.refuseScores(500);
    expect(await (await report({ exercise: 'veth-testns', score: 1, max: 4 })).json()).toMatchObject({ posted: false });
    expect(await (await report({ exercise: 'veth-testns', score: 4, max: 4 })).json()).toEqual({ best: { score: 4, max: 4 }, posted: true });
    expect(await sendDueScores(at(Date.now() + DAY))).toEqual({ posted: 0, failed: 0 });
    expect((await postsOf(lineItem)).map((p) => p.status)).toEqual(['superseded', 'posted']);
    expect(received(lineItem).map((s) => s.body.scoreGiven)).toEqual([4]);
  });

  it("queues a sitting's authoritative score with its grade; a restart between a refused post and its retry loses nothing", async () => {
    const lineItem = world.platform.lineItemUrl('exam-retry');
    const { session, sitting } = await launchSitting('candidate-r', 'exam-retry');
    world.platform.refuseScores(502);
    expect(await recordGrade(world.server.ctx, sitting, { kind: 'graded', result: graded(7, 10) }, 1, 'test')).toBe(true);
    // Queued in the step that recorded the grade, before anything was sent.
    expect(await postsOf(lineItem)).toEqual([expect.objectContaining({ exam_sitting_id: sitting, status: 'pending', attempts: 0, score: 7, max_score: 10, activity_progress: 'Submitted' })]);
    // The re-grade job sends it at once: refused.
    expect(await sendSittingScore(world.server.ctx, sitting)).toEqual({ status: 'pending', error: expect.stringMatching(/502/) });
    const pending = await lmsOf(session, sitting);
    expect(pending).toEqual({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/502/), postedAt: null, nextAttemptAt: expect.any(String) });
    expect(await listedLms(session), 'the list of sessions counts it waiting').toEqual({ posted: 0, pending: 1, gaveUp: 0 });
    // The results page's LMS column says so, with the error and a retry.
    expect(lmsStatusText(pending!)).toEqual({ text: expect.stringMatching(/^pending after 1 attempt, next try \S+/), error: expect.stringMatching(/502/), retry: true });
    const cli = await runCli(['exam', 'results', session, '--json', '--instructor', 'admin@example.org'], {
      env: { ...process.env, STACKLAB_DATA: world.db.options.dataDir ?? '', DATABASE_URL: world.db.options.databaseUrl ?? '' },
    });
    expect(cli.status, cli.stderr).toBe(0);
    const printed = JSON.parse(cli.stdout) as { sittings: Array<{ candidate: string; lms: unknown }> };
    expect(printed.sittings).toEqual([expect.objectContaining({ lms: expect.objectContaining({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/502/) }) })]);

    await world.restart();
    // As if the backoff had run out while the server was down; the restarted server's sweep (every 5 s) sends it.
    await world.server.ctx.storage.db.updateTable('lti_score_posts').set({ next_attempt_at: Date.now() }).where('exam_sitting_id', '=', sitting).execute();
    await waitFor('the restarted server to post the score', async () => received(lineItem)[0], 30_000);
    expect(received(lineItem)).toEqual([
      { lineItem, token: expect.any(String), body: expect.objectContaining({ userId: 'candidate-r', scoreGiven: 7, scoreMaximum: 10, activityProgress: 'Submitted', gradingProgress: 'FullyGraded' }) },
    ]);
    expect(await waitFor('the results to show it posted', async () => ((await lmsOf(session, sitting))?.status === 'posted' ? lmsOf(session, sitting) : undefined))).toEqual({
      status: 'posted',
      attempts: 2,
      lastError: null,
      postedAt: expect.any(String),
      nextAttemptAt: null,
    });
    expect(await listedLms(session), 'the list of sessions counts it sent').toEqual({ posted: 1, pending: 0, gaveUp: 0 });
    // A duplicate grading job records nothing and queues nothing: the LMS has the score once.
    expect(await recordGrade(world.server.ctx, sitting, { kind: 'graded', result: graded(9, 10) }, 2, 'test')).toBe(false);
    expect(await sendDueScores(at(Date.now() + DAY))).toEqual({ posted: 0, failed: 0 });
    expect(received(lineItem)).toHaveLength(1);
    expect(attemptsAt(lineItem)).toEqual([502, 204]);
  });

  it('gives a score up after every attempt failed; its session\'s instructor (only) retries it', async () => {
    const lineItem = world.platform.lineItemUrl('exam-gave-up');
    const { session, sitting } = await launchSitting('candidate-g', 'exam-gave-up');
    world.platform.refuseScores(...Array.from({ length: MAX_POST_ATTEMPTS }, () => 503));
    await recordGrade(world.server.ctx, sitting, { kind: 'graded', result: graded(5, 10) }, 1, 'test');
    let clock = Date.now();
    for (let attempt = 1; attempt <= MAX_POST_ATTEMPTS; attempt++) {
      expect(await sendDueScores(at(clock))).toEqual({ posted: 0, failed: 1 });
      clock += retryDelay(attempt);
    }
    const gaveUp = await lmsOf(session, sitting);
    expect(gaveUp).toEqual({ status: 'gave-up', attempts: MAX_POST_ATTEMPTS, lastError: expect.stringMatching(/503/), postedAt: null, nextAttemptAt: null });
    expect(lmsStatusText(gaveUp!)).toEqual({ text: `gave up after ${MAX_POST_ATTEMPTS} attempts`, error: expect.stringMatching(/503/), retry: true });
    expect(await listedLms(session), 'the list of sessions counts it given up').toEqual({ posted: 0, pending: 0, gaveUp: 1 });
    expect(await sendDueScores(at(clock + DAY))).toEqual({ posted: 0, failed: 0 });
    expect(received(lineItem)).toEqual([]);

    const path = `/api/lti/exam-sessions/${session}/sittings/${sitting}/score-retry`;
    const anonymous = await fetch(`${world.server.url}${path}`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const other = await instructor(world.server, 'other-teacher@example.org');
    const notTheirs = await other.call(path, { method: 'POST' });
    expect(notTheirs.status).toBe(404);
    expect(received(lineItem)).toEqual([]);

    const retried = await world.admin.call(path, { method: 'POST' });
    expect(retried.status, await retried.clone().text()).toBe(200);
    const { lms } = (await retried.json()) as { lms: SittingResult['lms'] };
    expect(lms).toEqual({ status: 'posted', attempts: 1, lastError: null, postedAt: expect.any(String), nextAttemptAt: null });
    expect(lmsStatusText(lms)).toEqual({ text: expect.stringMatching(/^posted \S+/), error: null, retry: false });
    expect(received(lineItem).map((s) => s.body.scoreGiven)).toEqual([5]);
    expect(await listedLms(session)).toEqual({ posted: 1, pending: 0, gaveUp: 0 });
    // Posted: a second retry sends nothing again.
    expect((await world.admin.call(path, { method: 'POST' })).status).toBe(200);
    expect(received(lineItem)).toHaveLength(1);
    // A sitting no LMS launched owes no score.
    const adminRow = (await findInstructor(world.server.ctx, 'admin@example.org'))!;
    const plain = await openExamSession(world.server.ctx, adminRow.id, { exam: 'foundations-practical' });
    const started = await fetch(`${world.server.url}/api/exam-sessions/${plain.code}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Walk-in' }) });
    expect(started.status).toBe(201);
    const walkIn = await world.server.ctx.storage.db.selectFrom('exam_sittings').select('id').where('session_id', '=', plain.id).executeTakeFirstOrThrow();
    const none = await world.admin.call(`/api/lti/exam-sessions/${plain.code}/sittings/${walkIn.id}/score-retry`, { method: 'POST' });
    expect(none.status).toBe(409);
    expect((await errorOf(none)).code).toBe('lti-no-score-to-post');
    expect(await lmsOf(plain.code, walkIn.id)).toBeNull();
    expect(lmsStatusText(null)).toEqual({ text: '–', error: null, retry: false });
  });
});
