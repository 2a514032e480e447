/**
 * Exam sessions over real HTTP, on each database the run has: opening a session, who may
 * start a sitting, who may call what (a candidate's token reaches only its own sitting and no
 * instructor route; another instructor's session is not found), the state upload's own body
 * limit, the submission and its refusal after the deadline and grace (the server's clock is
 * moved), the sittings the server submits at the deadline, and a bundle with a damaged state
 * refused by the re-grade job with the reason in the results. No VM runs here: a damaged
 * state is refused before one starts.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeState } from '../../src/exams/bundle-codec.ts';
import { loadExam } from '../../src/exams/load.ts';
import { scoreExam } from '../../src/exams/score.ts';
import type { Bundle } from '../../src/exams/schema.ts';
import { startExamJobs, type ExamJobs } from '../../src/server/jobs/exam-worker.ts';
import { assembleBundle } from '../../src/server/services/exam-sessions.ts';
import { createApp, routeAccess } from '../../src/server/routes/app.ts';
import { EXAM_UPLOAD_BYTES } from '../../src/server/routes/exam-routes.ts';
import type { ExaminerSessionView, SittingResult, SittingView } from '../../src/server/exam-schemas.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { waitFor } from './exam-wait.ts';
import { freshDatabase, kinds, type FreshDatabase } from './support/databases.ts';
import { createWorkshopOver, instructor, join, openSse, serverOn, type Instructor } from './support/http.ts';

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;
const exam = loadExam('e2e-short');

interface Candidate {
  token: string;
  sitting: SittingView;
  call(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

async function startSitting(server: RunningServer, session: string, name: string, accessCode?: string): Promise<Candidate> {
  const response = await fetch(`${server.url}/api/exam-sessions/${session}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, accessCode }) });
  if (response.status !== 201) throw new Error(`start failed: ${response.status} ${await response.text()}`);
  const { token, sitting } = (await response.json()) as { token: string; sitting: SittingView };
  return {
    token,
    sitting,
    call: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${server.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    },
  };
}

/** A PUT that declares `bytes` of body and sends none: the answer to the headers alone. */
function declaredUpload(url: string, token: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-type': 'application/json', 'content-length': String(bytes), authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

/** A syntactically valid state whose data is not what its sha256 says: the re-grader must refuse it. */
const damagedState = (size = 64) => ({ encoding: 'gzip+base64' as const, sha256: 'ab'.repeat(32), bytes: 1000, data: Buffer.alloc(size, 7).toString('base64') });

function bundleFor(sitting: SittingView, state = damagedState()): Bundle {
  return {
    format: 'stacklab-exam-bundle',
    formatVersion: 1,
    exam: { id: exam.id, version: exam.version },
    seed: sitting.seed,
    startedAt: new Date(sitting.startedAt).toISOString(),
    endedAt: new Date().toISOString(),
    submittedBy: 'candidate',
    tasks: exam.tasks.map((t, i) => ({ id: t.id, exercise: t.exercise, values: {}, state: i === 0 ? state : null })),
    browserReport: scoreExam(exam, {}),
  };
}


describe.each(kinds)('exam sessions on %s', (kind) => {
  let db: FreshDatabase;
  let server: RunningServer;
  let ada: Instructor;
  let grace: Instructor;
  let session: string;
  let listed: string;
  let jobs: ExamJobs | undefined;
  const results = async (s = session) => ((await (await ada.call(`/api/exam-sessions/${s}`)).json()) as { sittings: SittingResult[] }).sittings;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    server = await serverOn(db.options);
    // On PostgreSQL the server only queues; a worker (here in this process, with the VM grader) takes the jobs.
    if (kind === 'postgres') jobs = await startExamJobs(server.ctx, { work: true, eager: true, worker: 'test-worker', sweepMs: 500 });
    [ada, grace] = await Promise.all([instructor(server, 'ada@example.org', true), instructor(server, 'grace@example.org')]);
    const opened = await ada.call('/api/exam-sessions', { method: 'POST', json: { exam: exam.id, accessCode: 'ROOM-42' } });
    expect(opened.status).toBe(201);
    const body = (await opened.json()) as { session: string; sitUrl: string; dashboardUrl: string; timeLimitMinutes: number };
    session = body.session;
    expect(body.sitUrl).toBe(`${server.url}/exams/session/?s=${session}`);
    expect(body.dashboardUrl).toContain(`/exams/session-results/?s=${session}`);
    expect(body.timeLimitMinutes).toBe(exam.timeLimitMinutes);
    const withList = await ada.call('/api/exam-sessions', { method: 'POST', json: { exam: exam.id, candidates: ['Ana Lima', 'Bo'] } });
    listed = ((await withList.json()) as { session: string }).session;
  });
  afterAll(async () => {
    await jobs?.stop();
    await server?.close();
    await db?.drop();
  });

  it('declares who may call each exam route', () => {
    const routes = routeAccess(createApp({ ctx: server.ctx })).filter((r) => r.path.includes('/exam-'));
    const level = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)?.access;
    expect(routes.filter((r) => r.access === undefined)).toEqual([]);
    expect(level('POST', '/api/exam-sessions')).toBe('instructor');
    expect(level('GET', '/api/exam-sessions/:session')).toBe('instructor');
    expect(level('GET', '/api/exam-sessions/:session/stream')).toBe('instructor');
    expect(level('GET', '/api/exam-sessions/:session/results.csv')).toBe('instructor');
    expect(level('GET', '/api/exam-sessions/:session/info')).toBe('public');
    expect(level('POST', '/api/exam-sessions/:session/sittings')).toBe('public');
    expect(level('GET', '/api/exam-sitting')).toBe('candidate');
    expect(level('PUT', '/api/exam-sitting/tasks/:task/state')).toBe('candidate');
    expect(level('POST', '/api/exam-sitting/submit')).toBe('candidate');
    expect(level('GET', '/api/exam-sitting/tasks/:task/state')).toBe('candidate');
    expect(level('POST', '/api/exam-sessions/:session/sittings/:sitting/move')).toBe('instructor');
  });

  it('refuses an unknown exam with the list of what exists', async () => {
    const response = await ada.call('/api/exam-sessions', { method: 'POST', json: { exam: 'no-such-exam' } });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/No exam 'no-such-exam'.*e2e-short/);
  });

  it('lets a candidate start only with the access code, or a listed name, and once per name', async () => {
    const info = (await (await fetch(`${server.url}/api/exam-sessions/${session}/info`)).json()) as { needsAccessCode: boolean; exam: { id: string } };
    expect(info).toMatchObject({ needsAccessCode: true, exam: { id: exam.id } });
    const wrong = await fetch(`${server.url}/api/exam-sessions/${session}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Eve', accessCode: 'nope' }) });
    expect(wrong.status).toBe(403);
    expect((await errorOf(wrong)).code).toBe('access-code-wrong');
    const ana = await startSitting(server, session, 'Ana', 'ROOM-42');
    expect(ana.sitting.deadline - ana.sitting.startedAt).toBe(exam.timeLimitMinutes * 60_000);
    expect(ana.sitting.seed).toMatch(/^[A-Za-z0-9_-]{12}$/);
    await expect(startSitting(server, session, 'ana', 'ROOM-42').then(() => 'started')).resolves.toBe('started'); // names differ in case: two candidates
    const again = await fetch(`${server.url}/api/exam-sessions/${session}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ana', accessCode: 'ROOM-42' }) });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toMatch(/Ana started this exam at/);
    const notListed = await fetch(`${server.url}/api/exam-sessions/${listed}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Mallory' }) });
    expect(notListed.status).toBe(403);
    expect((await errorOf(notListed)).code).toBe('not-a-candidate');
    await expect(startSitting(server, listed, 'ana lima').then((c) => c.sitting.candidate)).resolves.toBe('ana lima');
  });

  it("keeps each candidate to their own sitting and off the instructors' routes", async () => {
    const cy = await startSitting(server, session, 'Cy', 'ROOM-42');
    const di = await startSitting(server, session, 'Di', 'ROOM-42');
    const own = (await (await di.call('/api/exam-sitting')).json()) as SittingView;
    expect(own).toMatchObject({ candidate: 'Di', id: di.sitting.id });
    expect(own.id).not.toBe(cy.sitting.id);
    for (const [method, path] of [
      ['GET', `/api/exam-sessions/${session}`],
      ['GET', `/api/exam-sessions/${session}/stream`],
      ['GET', `/api/exam-sessions/${session}/results.csv`],
      ['GET', '/api/exam-sessions'],
      ['POST', '/api/exam-sessions'],
    ] as const) {
      const response = await cy.call(path, { method, ...(method === 'POST' ? { json: { exam: exam.id } } : {}) });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect((await errorOf(response)).code).toBe('login-required');
    }
    const anonymous = await fetch(`${server.url}/api/exam-sitting`);
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe('candidate-token-required');
    const forged = await fetch(`${server.url}/api/exam-sitting`, { headers: { authorization: 'Bearer sxc_notarealtoken' } });
    expect((await errorOf(forged)).code).toBe('unknown-candidate');
    // A workshop learner's token is not an exam token, nor the other way round.
    const learner = await join(server.url, await createWorkshopOver(ada), 'Lee');
    const asLearner = await fetch(`${server.url}/api/exam-sitting`, { headers: { authorization: `Bearer ${learner.token}` } });
    expect(asLearner.status).toBe(401);
    const asCandidate = await fetch(`${server.url}/api/learner`, { headers: { authorization: `Bearer ${cy.token}` } });
    expect(asCandidate.status).toBe(401);
    // Another instructor does not see the session exists; nobody logged out reads its results.
    const other = await grace.call(`/api/exam-sessions/${session}`);
    expect(other.status).toBe(404);
    expect((await grace.call(`/api/exam-sessions/${session}/results.csv`)).status).toBe(404);
    const loggedOut = await fetch(`${server.url}/api/exam-sessions/${session}/results.csv`);
    expect(loggedOut.status).toBe(401);
    expect((await errorOf(loggedOut)).code).toBe('login-required');
    expect((await grace.call('/api/exam-sessions').then((r) => r.json())) as { sessions: unknown[] }).toEqual({ sessions: [] });
  });

  it("streams the session's results to its instructor as sittings start and are saved", async () => {
    const stream = await openSse(`${server.url}/api/exam-sessions/${session}/stream`, { cookie: ada.cookie });
    try {
      expect(stream.status).toBe(200);
      const has = (name: string) => (e: unknown) => ((e as { sittings?: SittingResult[] }).sittings ?? []).some((r) => r.candidate === name);
      await stream.waitFor((e) => 'sittings' in e);
      const hal = await startSitting(server, session, 'Hal', 'ROOM-42');
      await stream.waitFor(has('Hal'));
      const before = stream.events.length;
      expect((await hal.call('/api/exam-sitting/tasks/cable/state', { method: 'PUT', json: { state: damagedState() } })).status).toBe(200);
      await expect.poll(() => stream.events.length, { timeout: 10_000 }).toBeGreaterThan(before);
    } finally {
      stream.close();
    }
  });

  it('takes a task state far above the API limit on its own route, and refuses one above its own', async () => {
    const eve = await startSitting(server, session, 'Eve', 'ROOM-42');
    const big = await eve.call('/api/exam-sitting/tasks/cable/state', { method: 'PUT', json: { state: damagedState(3 * 1024 * 1024), values: {} } });
    expect(big.status).toBe(200);
    const view = (await (await eve.call('/api/exam-sitting')).json()) as SittingView;
    expect(view.savedTasks.map((t) => t.task)).toEqual(['cable']);
    // Refused on its declared size, before the body is read (sending all of it races the server's refusal to a reset socket).
    const tooBig = await declaredUpload(`${server.url}/api/exam-sitting/tasks/cable/state`, eve.token, EXAM_UPLOAD_BYTES + 1);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).error.code).toBe('upload-too-large');
    const unknownTask = await eve.call('/api/exam-sitting/tasks/nope/state', { method: 'PUT', json: { state: damagedState(), values: {} } });
    expect(unknownTask.status).toBe(400);
    expect((await errorOf(unknownTask)).message).toMatch(/no task nope \(its tasks: cable, switch\)/);
    // The rest of the API keeps its 64 KiB limit.
    const events = await fetch(`${server.url}/api/learner/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024) }, body: 'x'.repeat(200 * 1024) });
    expect(events.status).toBe(413);
    // Its body unread, the connection closes: the next request does not go out on a socket the server then drops.
    expect(events.headers.get('connection')).toBe('close');
  });

  it("takes a task state as the browser sends it (the gzipped bytes and a JSON meta part, multipart), keeps it in the bundle's encoding, and refuses a wrong body saying what is wrong", async () => {
    const kim = await startSitting(server, session, 'Kim', 'ROOM-42');
    const raw = Buffer.alloc(200_000, 0).map((_, i) => (i * 31) % 253);
    const gzipped = gzipSync(raw);
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const form = (meta: unknown, state: Blob | null = new Blob([gzipped], { type: 'application/gzip' })) => {
      const body = new FormData();
      if (meta !== undefined) body.set('meta', typeof meta === 'string' ? meta : JSON.stringify(meta));
      if (state) body.set('state', state);
      return body;
    };
    const put = (body: BodyInit, init: RequestInit = {}) => kim.call('/api/exam-sitting/tasks/cable/state', { method: 'PUT', body, ...init });

    const saved = await put(form({ sha256, bytes: raw.length, answers: { 'app-port': 'p3' }, imageBuild: 'build-7' }));
    expect(saved.status).toBe(200);
    const assembled = await assembleBundle(server.ctx, kim.sitting.id);
    const cable = assembled.tasks.find((t) => t.id === 'cable')!;
    expect(cable.state).toEqual({ encoding: 'gzip+base64', sha256, bytes: raw.length, data: gzipped.toString('base64') });
    expect(cable.answers).toEqual({ 'app-port': 'p3' });
    // The re-grade decodes it to the very state the browser saved.
    expect(Buffer.from(await decodeState(cable.state!, 'cable')).equals(raw)).toBe(true);

    const noState = await put(form({ sha256, bytes: raw.length }, null));
    expect([noState.status, (await errorOf(noState)).message]).toEqual([400, expect.stringMatching(/no 'state' part/)]);
    const noDigest = await put(form({ bytes: raw.length }));
    expect([noDigest.status, (await errorOf(noDigest)).message]).toEqual([400, expect.stringMatching(/meta part is not valid: sha256/)]);
    const notJson = await put(form('{sha256'));
    expect([notJson.status, await errorOf(notJson)]).toEqual([400, { code: 'malformed-json', message: "The request's meta part is not valid JSON." }]);
    const text = await put('state=lots', { headers: { 'content-type': 'text/plain' } });
    expect([text.status, (await errorOf(text)).code]).toEqual([415, 'unsupported-media-type']);
    // Only a candidate's own token may save: none is a 401, and nothing was stored over Kim's state.
    const anonymous = await fetch(`${server.url}/api/exam-sitting/tasks/cable/state`, { method: 'PUT', body: form({ sha256: 'cd'.repeat(32), bytes: 9 }) });
    expect(anonymous.status).toBe(401);
    expect((await assembleBundle(server.ctx, kim.sitting.id)).tasks.find((t) => t.id === 'cable')!.state!.sha256).toBe(sha256);
  });

  it('takes a submission once, and a bundle with a damaged state is refused by the re-grade with the reason in the results', async () => {
    const fay = await startSitting(server, session, 'Fay', 'ROOM-42');
    const otherSeed = await fay.call('/api/exam-sitting/submit', { method: 'POST', json: { bundle: { ...bundleFor(fay.sitting), seed: 'chosen-by-me' } } });
    expect(otherSeed.status).toBe(400);
    expect((await errorOf(otherSeed)).code).toBe('bundle-mismatch');
    const notABundle = await fay.call('/api/exam-sitting/submit', { method: 'POST', json: { bundle: { format: 'zip' } } });
    expect(notABundle.status).toBe(400);
    expect((await errorOf(notABundle)).code).toBe('invalid-bundle');
    const submitted = await fay.call('/api/exam-sitting/submit', { method: 'POST', json: { bundle: bundleFor(fay.sitting) } });
    expect(submitted.status).toBe(200);
    const twice = await fay.call('/api/exam-sitting/submit', { method: 'POST', json: { bundle: bundleFor(fay.sitting) } });
    expect(twice.status).toBe(409);
    const row = await waitFor('the damaged bundle to be refused', async () => (await results()).find((r) => r.candidate === 'Fay' && r.status === 'invalid'));
    expect(row).toMatchObject({ verdict: 'invalid', authoritative: null, submittedBy: 'candidate', attempts: 1 });
    expect(row.reason).toMatch(/task cable: the VM state is not valid gzip\+base64 data.*damaged/);
  });

  it("lists the instructor's sessions, newest first, each with how its sittings stand", async () => {
    const opened = await ada.call('/api/exam-sessions', { method: 'POST', json: { exam: exam.id } });
    const { session: fresh } = (await opened.json()) as { session: string };
    const listOf = async () => ((await (await ada.call('/api/exam-sessions')).json()) as { sessions: ExaminerSessionView[] }).sessions;
    const none = { inProgress: 0, grading: 0, graded: 0, notGraded: 0 };
    const [newest, ...older] = await listOf();
    expect(newest).toMatchObject({ session: fresh, exam: { id: exam.id }, sittings: none, lms: null });
    expect(older.map((s) => s.session)).toEqual([listed, session]);
    // Two candidates start; one submits a bundle the re-grade refuses.
    const [hal, ike] = await Promise.all([startSitting(server, fresh, 'Hal'), startSitting(server, fresh, 'Ike')]);
    expect((await listOf())[0]!.sittings).toEqual({ ...none, inProgress: 2 });
    expect((await ike.call('/api/exam-sitting/submit', { method: 'POST', json: { bundle: bundleFor(ike.sitting) } })).status).toBe(200);
    await waitFor('Ike to be refused', async () => (await results(fresh)).find((r) => r.candidate === 'Ike' && r.status === 'invalid'));
    expect((await listOf())[0]!.sittings).toEqual({ ...none, inProgress: 1, notGraded: 1 });
    // No LMS launched them: the session owes no gradebook a score.
    expect((await listOf())[0]!.lms).toBeNull();
    expect(hal.sitting.submittedAt).toBeNull();
    // Each session's counts are its own: the one with a candidate list has ana lima's sitting, in progress.
    expect((await listOf()).find((s) => s.session === listed)!.sittings).toEqual({ ...none, inProgress: 1 });
  });

  it("exports the session's results as CSV for a spreadsheet: the re-grade's score and verdict, each task's points, the browser's claim", async () => {
    await waitFor('Fay to be refused', async () => (await results()).find((r) => r.candidate === 'Fay' && r.status === 'invalid'));
    const response = await ada.call(`/api/exam-sessions/${session}/results.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="exam-${exam.id}-${session}.csv"`);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      `candidate,started,submitted,submitted by,grading,verdict,points,maximum,percent,${exam.tasks.map((t) => `${t.id} points (of ${t.weight})`).join(',')},browser's claim,agrees,LMS gradebook,reason`,
    );
    expect(lines).toHaveLength(1 + (await results()).length);
    const fay = lines.find((line) => line.startsWith('Fay,'))!;
    expect(fay).toMatch(/^Fay,[^,]+,[^,]+,candidate,invalid,invalid,,,,,,0,,,task cable: the VM state is not valid gzip\+base64 data/);
    // A name a spreadsheet would run as a formula is written as text.
    await startSitting(server, session, '=HYPERLINK("x")', 'ROOM-42');
    const text = await (await ada.call(`/api/exam-sessions/${session}/results.csv`)).text();
    expect(text).toContain(`"'=HYPERLINK(""x"")",`);
  });

  it("keeps an answer exercise's answers with the submitted state, in the bundle the re-grade reads", async () => {
    const ivy = await startSitting(server, session, 'Ivy', 'ROOM-42');
    const bundle = bundleFor(ivy.sitting);
    bundle.tasks[0] = { ...bundle.tasks[0]!, answers: { 'app-port': 'p3', 'p1-mac': '02:aa:bb:cc:dd:ee' } };
    expect((await ivy.call('/api/exam-sitting/submit', { method: 'POST', json: { bundle } })).status).toBe(200);
    const assembled = await assembleBundle(server.ctx, ivy.sitting.id);
    expect(assembled.tasks[0]).toMatchObject({ id: bundle.tasks[0]!.id, answers: { 'app-port': 'p3', 'p1-mac': '02:aa:bb:cc:dd:ee' } });
    expect(assembled.tasks[1]).not.toHaveProperty('answers');
  });

  it("continues a sitting on another computer with its instructor's link: a new token, the old browser told it moved, the server's copy of each task fetched with the answers", async () => {
    const jo = await startSitting(server, session, 'Jo', 'ROOM-42');
    const raw = Buffer.alloc(120_000, 0).map((_, i) => (i * 7) % 251);
    const gzipped = gzipSync(raw);
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const body = new FormData();
    body.set('meta', JSON.stringify({ sha256, bytes: raw.length, answers: { 'app-port': 'p3' } }));
    body.set('state', new Blob([gzipped], { type: 'application/gzip' }));
    expect((await jo.call('/api/exam-sitting/tasks/cable/state', { method: 'PUT', body })).status).toBe(200);
    const move = `/api/exam-sessions/${session}/sittings/${jo.sitting.id}/move`;

    // Nobody but the session's instructor may move it: logged out, a candidate, a learner, another instructor. Jo's token still works after each.
    const loggedOut = await fetch(`${server.url}${move}`, { method: 'POST' });
    expect([loggedOut.status, (await errorOf(loggedOut)).code]).toEqual([401, 'login-required']);
    expect((await jo.call(move, { method: 'POST' })).status).toBe(401);
    const learner = await join(server.url, await createWorkshopOver(ada), 'Lou');
    expect((await fetch(`${server.url}${move}`, { method: 'POST', headers: { authorization: `Bearer ${learner.token}` } })).status).toBe(401);
    expect((await grace.call(move, { method: 'POST' })).status).toBe(404);
    // A sitting of another session, named under this one: not found.
    const other = await startSitting(server, listed, 'Bo');
    expect((await ada.call(`/api/exam-sessions/${session}/sittings/${other.sitting.id}/move`, { method: 'POST' })).status).toBe(404);
    expect((await jo.call('/api/exam-sitting')).status).toBe(200);

    const moved = await ada.call(move, { method: 'POST' });
    expect(moved.status).toBe(200);
    const { resumeUrl, candidate } = (await moved.json()) as { resumeUrl: string; candidate: string };
    expect(candidate).toBe('Jo');
    const token = resumeUrl.match(new RegExp(`^${server.url}/exams/session/\\?s=${session}#resume=(sxc_[A-Za-z0-9_-]+)$`))?.[1];
    expect(token, resumeUrl).toBeDefined();
    const asNew = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });

    // The browser left behind: told when it moved and how, and its saves refused, the server's copy kept.
    const left = await jo.call('/api/exam-sitting');
    expect(left.status).toBe(401);
    expect(await errorOf(left)).toMatchObject({ code: 'sitting-moved', message: expect.stringMatching(/moved to another browser at .* \(with your instructor's link\)\. Continue there: this browser saves nothing more of it\./) });
    const lateSave = await jo.call('/api/exam-sitting/tasks/cable/state', { method: 'PUT', json: { state: damagedState(), values: {} } });
    expect((await errorOf(lateSave)).code).toBe('sitting-moved');
    expect((await jo.call('/api/exam-sitting/tasks/cable/state')).status).toBe(401);

    // The new browser: the tasks the server holds, with their answers, and each one's state as uploaded.
    const view = (await (await asNew('/api/exam-sitting')).json()) as SittingView;
    expect(view).toMatchObject({ id: jo.sitting.id, seed: jo.sitting.seed, savedTasks: [{ task: 'cable', answers: { 'app-port': 'p3' } }] });
    const state = await asNew('/api/exam-sitting/tasks/cable/state');
    expect(state.status).toBe(200);
    expect(state.headers.get('content-type')).toBe('application/gzip');
    expect([state.headers.get('x-state-sha256'), state.headers.get('x-state-bytes'), state.headers.get('x-saved-at')]).toEqual([sha256, String(raw.length), String(view.savedTasks[0]!.savedAt)]);
    expect(Buffer.from(await state.arrayBuffer()).equals(gzipped)).toBe(true);
    const unsaved = await asNew('/api/exam-sitting/tasks/switch/state');
    expect([unsaved.status, (await errorOf(unsaved)).code]).toEqual([404, 'no-saved-state']);
    // Another candidate's token reaches only their own tasks; none reaches them without a token.
    expect((await other.call('/api/exam-sitting/tasks/cable/state')).status).toBe(404);
    expect((await fetch(`${server.url}/api/exam-sitting/tasks/cable/state`)).status).toBe(401);

    const row = (await results()).find((r) => r.candidate === 'Jo')!;
    expect(row.moved).toMatchObject({ by: 'instructor', at: expect.any(String) });
    // Starting again by name is refused, and says how to continue on this computer.
    const again = await fetch(`${server.url}/api/exam-sessions/${session}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Jo', accessCode: 'ROOM-42' }) });
    expect((await errorOf(again)).message).toMatch(/ask your instructor for a link that continues it on this computer/);
    // Once submitted, there is nothing left to continue.
    const submitted = await fetch(`${server.url}/api/exam-sitting/submit`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ bundle: bundleFor(view) }) });
    expect(submitted.status).toBe(200);
    const late = await ada.call(move, { method: 'POST' });
    expect([late.status, (await errorOf(late)).code]).toEqual([409, 'already-submitted']);
  });

  it("refuses a submission after the deadline and the minute's grace, and submits what was last saved itself", async () => {
    const gus = await startSitting(server, session, 'Gus', 'ROOM-42');
    const saved = await gus.call('/api/exam-sitting/tasks/switch/state', { method: 'PUT', json: { state: damagedState(), values: {} } });
    expect(saved.status).toBe(200);
    const realNow = server.ctx.now;
    // Within the grace: still taken (a save, not yet the submission).
    server.ctx.now = () => gus.sitting.deadline + 30_000;
    expect((await gus.call('/api/exam-sitting/tasks/switch/state', { method: 'PUT', json: { state: damagedState(), values: {} } })).status).toBe(200);
    try {
      server.ctx.now = () => gus.sitting.deadline + 61_000;
      const late = await gus.call('/api/exam-sitting/submit', { method: 'POST', json: { bundle: bundleFor(gus.sitting) } });
      expect(late.status).toBe(403);
      const error = await errorOf(late);
      expect(error.code).toBe('exam-time-over');
      expect(error.message).toContain(`Your time ended at ${new Date(gus.sitting.deadline).toISOString()}`);
      const lateSave = await gus.call('/api/exam-sitting/tasks/cable/state', { method: 'PUT', json: { state: damagedState(), values: {} } });
      expect((await errorOf(lateSave)).code).toBe('exam-time-over');
      const row = await waitFor('the server to submit Gus', async () => (await results()).find((r) => r.candidate === 'Gus' && r.submitted !== null));
      expect(row.submittedBy).toBe('server');
      // What it submitted is what was last saved: the switch task's (damaged) state.
      const graded = await waitFor('Gus graded', async () => (await results()).find((r) => r.candidate === 'Gus' && r.status === 'invalid'));
      expect(graded.reason).toMatch(/task switch: the VM state/);
    } finally {
      server.ctx.now = realNow;
    }
  });
});
