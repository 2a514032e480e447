/**
 * The classroom API over real HTTP, on each database the run has: who may call what (no
 * cookie, a learner token on instructor routes, one learner against another, an instructor of
 * another workshop, CSRF), bad input (malformed, oversized, invalid bodies get a 4xx with a
 * message), idempotent events, rate limits, and the dashboard's live stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, routeAccess } from '../../src/server/routes/app.ts';
import { createLoginToken, findInstructor } from '../../src/server/services/instructors.ts';
import { TokenBuckets } from '../../src/server/routes/rate-limit.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { freshDatabase, kinds, type FreshDatabase } from './support/databases.ts';
import { checkReport, createWorkshopOver, eventKey, instructor, join, openSse, serverOn, type Instructor, type LearnerClient } from './support/http.ts';

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

describe.each(kinds)('the classroom API on %s', (kind) => {
  let db: FreshDatabase;
  let server: RunningServer;
  let ada: Instructor;
  let grace: Instructor;
  let code: string;
  let ana: LearnerClient;
  let bo: LearnerClient;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    server = await serverOn(db.options, { limits: { joins: new TokenBuckets({ burst: 4, perSecond: 0.01 }), bodyBytes: 16 * 1024 } });
    [ada, grace] = await Promise.all([instructor(server, 'ada@example.org', true), instructor(server, 'grace@example.org')]);
    code = await createWorkshopOver(ada);
    ana = await join(server.url, code, 'Ana');
    bo = await join(server.url, code, 'Bo');
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('declares who may call each /api route', () => {
    const routes = routeAccess(createApp({ ctx: server.ctx }));
    expect(routes.filter((r) => r.access === undefined)).toEqual([]);
    const level = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)?.access;
    expect(level('POST', '/api/workshops/:code/join')).toBe('public');
    expect(level('POST', '/api/learner/events')).toBe('learner');
    expect(level('GET', '/api/learner/results')).toBe('learner');
    expect(level('GET', '/api/workshops/:code/stream')).toBe('instructor');
    expect(level('POST', '/api/admin/instructors')).toBe('admin');
    expect(routes.length).toBeGreaterThanOrEqual(18);
  });

  it('answers instructor routes without a session cookie with 401 and what to do', async () => {
    for (const [method, path] of [
      ['GET', '/api/workshops'],
      ['POST', '/api/workshops'],
      ['GET', `/api/workshops/${code}`],
      ['GET', `/api/workshops/${code}/stream`],
      ['GET', `/api/workshops/${code}/export.csv`],
      ['POST', `/api/workshops/${code}/broadcast`],
      ['PATCH', `/api/workshops/${code}`],
    ]) {
      const response = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(await errorOf(response)).toMatchObject({ code: 'login-required', message: expect.stringContaining('Log in') });
    }
  });

  it('refuses a learner token on instructor routes', async () => {
    const asLearner = { authorization: `Bearer ${ana.token}` };
    for (const path of [`/api/workshops/${code}`, `/api/workshops/${code}/progress`, '/api/workshops']) {
      const response = await fetch(`${server.url}${path}`, { headers: asLearner });
      expect(response.status, path).toBe(401);
    }
    const broadcast = await fetch(`${server.url}/api/workshops/${code}/broadcast`, { method: 'POST', headers: { ...asLearner, 'content-type': 'application/json' }, body: JSON.stringify({ message: 'hi' }) });
    expect(broadcast.status).toBe(401);
    // Nor may a learner close the workshop to others.
    const close = await fetch(`${server.url}/api/workshops/${code}`, { method: 'PATCH', headers: { ...asLearner, 'content-type': 'application/json' }, body: JSON.stringify({ endsAt: new Date().toISOString() }) });
    expect(close.status).toBe(401);
    expect((await (await fetch(`${server.url}/api/workshops/${code}/info`)).json()) as { endsAt: number | null }).toMatchObject({ endsAt: null });
  });

  it('lets a learner write only their own events and read only their own hands', async () => {
    // No way to name another learner: the body is strict, so a learnerId is refused.
    const spoof = await fetch(`${server.url}/api/learner/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ana.token}` },
      body: JSON.stringify({ events: [{ key: eventKey(), type: 'left', learnerId: bo.id }] }),
    });
    expect(spoof.status).toBe(400);
    expect((await errorOf(spoof)).message).toMatch(/events\.0.*learnerId/);
    const raised = await bo.post([{ type: 'hand-raised', message: 'stuck on routes' }]);
    expect(raised.status).toBe(200);
    const { hands } = (await (await ada.call(`/api/workshops/${code}`)).json()) as { hands: Array<{ id: number; learnerId: number }> };
    expect(hands.map((h) => h.learnerId)).toEqual([bo.id]);
    expect((await ada.call(`/api/workshops/${code}/hands/${hands[0]!.id}/acknowledge`, { method: 'POST' })).status).toBe(200);
    const read = async (learner: LearnerClient) =>
      ((await (await fetch(`${server.url}/api/learner/messages`, { headers: { authorization: `Bearer ${learner.token}` } })).json()) as { events: Array<{ type: string; learnerId: number }> }).events;
    expect((await read(bo)).map((e) => e.type)).toEqual(['hand-acknowledged']);
    expect(await read(ana)).toEqual([]);
    const forged = await fetch(`${server.url}/api/learner/messages`, { headers: { authorization: 'Bearer slt_forged-token-value' } });
    expect(forged.status).toBe(401);
  });

  it("hides a workshop from an instructor who is not one of its instructors", async () => {
    for (const path of [`/api/workshops/${code}`, `/api/workshops/${code}/export.csv`, `/api/workshops/${code}/stream`]) {
      const response = await grace.call(path);
      expect(response.status, path).toBe(404);
    }
    expect((await grace.call(`/api/workshops/${code}/broadcast`, { method: 'POST', json: { message: 'hello' } })).status).toBe(404);
    expect((await grace.call(`/api/workshops/${code}`, { method: 'PATCH', json: { endsAt: new Date().toISOString() } })).status).toBe(404);
    expect((await (await fetch(`${server.url}/api/workshops/${code}/info`)).json()) as { endsAt: number | null }).toMatchObject({ endsAt: null });
    expect(((await (await grace.call('/api/workshops')).json()) as { workshops: unknown[] }).workshops).toEqual([]);
  });

  it('refuses a state-changing instructor request without the right CSRF token, or from another site', async () => {
    const body = JSON.stringify({ title: 'CSRF' });
    const send = (headers: Record<string, string>) => fetch(`${server.url}/api/workshops`, { method: 'POST', headers: { cookie: ada.cookie, 'content-type': 'application/json', ...headers }, body });
    const missing = await send({});
    expect(missing.status).toBe(403);
    expect(await errorOf(missing)).toMatchObject({ code: 'csrf-token-invalid' });
    expect((await send({ 'x-csrf-token': `${ada.csrf.slice(0, -2)}xx` })).status).toBe(403);
    expect((await send({ 'x-csrf-token': grace.csrf })).status).toBe(403);
    const crossSite = await send({ 'x-csrf-token': ada.csrf, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(await errorOf(crossSite)).toMatchObject({ code: 'cross-origin' });
    const form = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: ada.cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' }, body: 'a=b' });
    expect(form.status).toBe(403);
    expect((await send({ 'x-csrf-token': ada.csrf, origin: new URL(server.url).origin })).status).toBe(201);
  });

  it('answers malformed, invalid and oversized bodies with a 4xx and a message, never a stack', async () => {
    const post = (body: string) => fetch(`${server.url}/api/workshops/${code}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const malformed = await post('{"name": "Ana"');
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toEqual({ code: 'malformed-json', message: 'The request body is not valid JSON.' });
    const invalid = await ana.post([{ type: 'check-report', exercise: 'netns-red-blue', status: 'pass', score: -1, max: 100, checks: [] }]);
    expect(invalid.status).toBe(400);
    const message = (await errorOf(invalid)).message;
    expect(message).toContain('events.0.score');
    expect(message).not.toMatch(/at .*\.ts:\d+/);
    const oversized = await ana.post([{ type: 'hand-raised', message: 'x'.repeat(400) }].concat(Array.from({ length: 49 }, () => ({ type: 'hand-raised', message: 'y'.repeat(400) }))));
    expect(oversized.status).toBe(413);
    expect(await errorOf(oversized)).toMatchObject({ code: 'body-too-large', message: expect.stringContaining('16384 bytes') });
    const wrongCode = await fetch(`${server.url}/api/workshops/nope/info`);
    expect(wrongCode.status).toBe(400);
    const unknown = await fetch(`${server.url}/api/workshops/ZZZZZZ/info`);
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatchObject({ code: 'no-such-workshop' });
    expect((await fetch(`${server.url}/api/nothing-here`)).status).toBe(404);
    const badTime = await ada.call(`/api/workshops/${code}`, { method: 'PATCH', json: { endsAt: 'tonight' } });
    expect(badTime.status).toBe(400);
    expect((await errorOf(badTime)).message).toContain('endsAt');
  });

  it('stores a retried POST of the same events once', async () => {
    const events = [{ key: eventKey(), type: 'exercise-started', exercise: 'netns-red-blue' }, { key: eventKey(), ...checkReport('netns-red-blue', false) }];
    const send = () => fetch(`${server.url}/api/learner/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ana.token}` }, body: JSON.stringify({ events }) });
    const first = (await (await send()).json()) as { accepted: Array<{ id: number; duplicate: boolean }> };
    const again = (await (await send()).json()) as { accepted: Array<{ id: number; duplicate: boolean }> };
    expect(first.accepted.map((a) => a.duplicate)).toEqual([false, false]);
    expect(again.accepted).toEqual(first.accepted.map((a) => ({ ...a, duplicate: true })));
    const progress = (await (await ada.call(`/api/workshops/${code}/progress`)).json()) as Array<{ learner: string; exercises: Record<string, { status: string; best: number }> }>;
    expect(progress.find((p) => p.learner === 'Ana')?.exercises['netns-red-blue']).toEqual({ best: 40, max: 100, earned: 40, earnedMax: 100, status: 'fail' });
    const dashboard = (await (await ada.call(`/api/workshops/${code}`)).json()) as { roster: Array<{ name: string; exercises: Record<string, { reports: number }> }> };
    expect(dashboard.roster.find((r) => r.name === 'Ana')?.exercises['netns-red-blue']?.reports).toBe(1);
  });

  it('limits joins per address, with Retry-After', async () => {
    const other = await createWorkshopOver(ada, { title: 'Rate' });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await fetch(`${server.url}/api/workshops/${other}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `L${i}` }) });
      statuses.push(last.status);
    }
    // The bucket holds 4 joins per address; Ana, Bo and an earlier test took some of them.
    expect(statuses.slice(statuses.indexOf(429))).toEqual(Array(statuses.length - statuses.indexOf(429)).fill(429));
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(2);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await errorOf(last!)).toMatchObject({ code: 'rate-limited' });
  });

  it('streams a learner’s check report to the dashboard as it happens', async () => {
    const { lastEventId } = (await (await ada.call(`/api/workshops/${code}`)).json()) as { lastEventId: number };
    const dashboard = await openSse(`${server.url}/api/workshops/${code}/stream?after=${lastEventId}`, { cookie: ada.cookie });
    try {
      expect(dashboard.status).toBe(200);
      await bo.post([checkReport('netns-red-blue', false)]);
      const failing = await dashboard.waitFor((e) => e.type === 'check-report' && e.learnerId === bo.id);
      expect(failing.payload).toMatchObject({ status: 'fail', name: 'Bo', checks: expect.arrayContaining([{ id: 'return-route', title: 'return route', status: 'fail' }]) });
      await bo.post([checkReport('netns-red-blue', true)]);
      await dashboard.waitFor((e) => e.type === 'check-report' && e.learnerId === bo.id && e.payload.status === 'pass');
      expect(dashboard.events.every((e) => e.id > lastEventId)).toBe(true);
    } finally {
      dashboard.close();
    }
  });

  it('shows a learner here while their page holds the stream open, and away when it has not for a while', async () => {
    const anaRow = async () => ((await (await ada.call(`/api/workshops/${code}`)).json()) as { roster: Array<{ name: string; awayFor: number | null }> }).roster.find((r) => r.name === 'Ana')!;
    // Last seen ten minutes ago: the page was closed.
    await server.ctx.storage.db.updateTable('learners').set({ last_seen_at: Date.now() - 10 * 60_000 }).where('display_name', '=', 'Ana').execute();
    expect((await anaRow()).awayFor).toBeGreaterThanOrEqual(10 * 60_000);
    const stream = await openSse(`${server.url}/api/learner/stream`, { authorization: `Bearer ${ana.token}` });
    try {
      await expect.poll(async () => (await anaRow()).awayFor, { timeout: 5000 }).toBeNull();
    } finally {
      stream.close();
    }
  });

  it('sends a broadcast to a learner’s own stream', async () => {
    const stream = await openSse(`${server.url}/api/learner/stream`, { authorization: `Bearer ${ana.token}` });
    try {
      expect((await ada.call(`/api/workshops/${code}/broadcast`, { method: 'POST', json: { message: 'Look at the whiteboard' } })).status).toBe(201);
      expect((await stream.waitFor((e) => e.type === 'broadcast')).payload).toEqual({ message: 'Look at the whiteboard' });
      expect(stream.events.some((e) => e.type === 'hand-acknowledged')).toBe(false);
    } finally {
      stream.close();
    }
  });

  it('logs in once with a dashboard link; the spent link leads to its page with the reason and no session', async () => {
    const adaId = (await findInstructor(server.ctx, 'ada@example.org'))!.id;
    const token = await createLoginToken(server.ctx, adaId);
    const url = `${server.url}/api/auth/token-login?token=${token}&next=${encodeURIComponent(`/classroom/dashboard/?code=${code}`)}`;
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/classroom/dashboard/?code=${code}`);
    const cookie = first.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await fetch(`${server.url}/api/workshops/${code}`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
    // Spent: the page it leads to is told why (and asks for the password), and no session is made.
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/classroom/dashboard/?code=${code}&login=login-link-spent`);
    expect(again.headers.getSetCookie()).toEqual([]);
    const expired = await fetch(`${server.url}/api/auth/token-login?token=sll_${'x'.repeat(43)}&next=%2Fexams%2Fsession-results%2F%3Fs%3DABC%23top`, { redirect: 'manual' });
    expect(expired.headers.get('location')).toBe('/exams/session-results/?s=ABC&login=login-link-spent#top');
    expect(expired.headers.getSetCookie()).toEqual([]);
    const offSite = await fetch(`${server.url}/api/auth/token-login?token=${await createLoginToken(server.ctx, adaId)}&next=//evil.example/`, { redirect: 'manual' });
    expect(offSite.status).toBe(400);
  });

  it('lets only an admin create instructor accounts', async () => {
    const body = { email: 'new@example.org', password: 'another long password' };
    expect((await grace.call('/api/admin/instructors', { method: 'POST', json: body })).status).toBe(403);
    expect((await ada.call('/api/admin/instructors', { method: 'POST', json: { ...body, password: 'short' } })).status).toBe(400);
    expect((await ada.call('/api/admin/instructors', { method: 'POST', json: body })).status).toBe(201);
  });

  it('exports the room as CSV', async () => {
    const response = await ada.call(`/api/workshops/${code}/export.csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^learner,joined,left,current exercise,stuck,netns-red-blue best/);
    expect(lines.find((l) => l.startsWith('Bo,'))).toContain(',100,100,pass,');
  });
});
