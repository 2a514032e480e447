/**
 * A learner carrying on from another computer with the instructor's rejoin link, over real
 * HTTP on each database the run has: only the workshop's instructor may make the link (no
 * session, a learner's token, another instructor are refused, and nothing changes); the link's
 * token is the same learner with their progress; the token it replaced is refused with words
 * that say where the learner went; a learner who left, or of another workshop, gets no link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server.ts';
import { freshDatabase, kinds, type FreshDatabase } from './support/databases.ts';
import { bringCheckResults } from '../../src/lib/classroom/carried-results.ts';
import { ProgressStore } from '../../src/lib/progress-store.ts';
import { checkReport, createWorkshopOver, eventKey, instructor, join, serverOn, type Instructor } from './support/http.ts';

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

describe.each(kinds)('a rejoin link on %s', (kind) => {
  let db: FreshDatabase;
  let server: RunningServer;
  let ada: Instructor;
  let grace: Instructor;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    server = await serverOn(db.options);
    [ada, grace] = await Promise.all([instructor(server, 'ada@example.org', true), instructor(server, 'grace@example.org')]);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  const asLearner = (token: string) => fetch(`${server.url}/api/learner`, { headers: { authorization: `Bearer ${token}` } });
  const results = (token: string) => fetch(`${server.url}/api/learner/results`, { headers: { authorization: `Bearer ${token}` } });

  it("gives a learner their own Check results: best score, maximum, and when a Check first passed; nobody else's", async () => {
    const code = await createWorkshopOver(ada);
    const ana = await join(server.url, code, 'Ana');
    const bo = await join(server.url, code, 'Bo');
    const realNow = server.ctx.now;
    const at = (iso: string) => (server.ctx.now = () => Date.parse(iso));
    try {
      at('2026-12-07T09:00:00.000Z');
      expect((await ana.post([checkReport('netns-red-blue', false), checkReport('eth1-up', false)])).status).toBe(200);
      at('2026-12-07T09:05:00.000Z');
      expect((await ana.post([checkReport('netns-red-blue', true)])).status).toBe(200);
      at('2026-12-07T09:09:00.000Z');
      expect((await ana.post([checkReport('netns-red-blue', false)])).status).toBe(200);
      // Started, never checked: nothing to mark.
      expect((await ana.post([{ type: 'exercise-started', exercise: 'bridge-three' }])).status).toBe(200);
    } finally {
      server.ctx.now = realNow;
    }
    const mine = await results(ana.token);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toEqual({
      exercises: {
        'eth1-up': { bestScore: 40, maximum: 100 },
        'netns-red-blue': { bestScore: 100, maximum: 100, doneAt: '2026-12-07T09:05:00.000Z' },
      },
    });
    expect(await (await results(bo.token)).json(), "Bo's token reads Bo's results, not Ana's").toEqual({ exercises: {} });

    // Ana's new browser marks them in its progress; a better score it has already stays.
    const browser = new ProgressStore(undefined);
    browser.recordExerciseResult('eth1-up', { score: 70, maximum: 100, passed: false });
    const said = await bringCheckResults({ title: 'Bridges, live', name: 'Ana', token: ana.token }, browser, server.url);
    expect(said).toMatch(/^You are back in: Bridges, live, as Ana, with your progress: the Check results of 2 exercises are marked in this browser too\. What you did inside the VM stayed in the other browser/);
    expect(browser.exerciseResult('netns-red-blue')).toEqual({ bestScore: 100, maximum: 100, doneAt: '2026-12-07T09:05:00.000Z' });
    expect(browser.exerciseResult('eth1-up')).toEqual({ bestScore: 70, maximum: 100 });
    const refusedHere = await bringCheckResults({ title: 'Bridges, live', name: 'Ana', token: 'slt_forged-token-value' }, new ProgressStore(undefined), server.url);
    expect(refusedHere).toMatch(/^You are back in: Bridges, live, as Ana, but your Check results could not be brought to this browser \(This learner token is not valid\./);
    for (const [who, headers] of [
      ['no token', {}],
      ['a forged token', { authorization: 'Bearer slt_forged-token-value' }],
      ["the instructor's session", { cookie: ada.cookie }],
    ] as const) {
      const refused = await fetch(`${server.url}/api/learner/results`, { headers });
      expect(refused.status, who).toBe(401);
      expect(JSON.stringify(await refused.json()), who).not.toContain('netns-red-blue');
    }
  });

  it("gives the workshop's instructor alone a link that carries the same learner, progress and all, to another computer; the old browser is told where they went", async () => {
    const code = await createWorkshopOver(ada);
    const ana = await join(server.url, code, 'Ana');
    const bo = await join(server.url, code, 'Bo');
    expect((await ana.post([checkReport('netns-red-blue', true)])).status).toBe(200);
    const rejoin = `/api/workshops/${code}/learners/${ana.id}/rejoin`;

    const loggedOut = await fetch(`${server.url}${rejoin}`, { method: 'POST' });
    expect([loggedOut.status, (await errorOf(loggedOut)).code]).toEqual([401, 'login-required']);
    expect((await fetch(`${server.url}${rejoin}`, { method: 'POST', headers: { authorization: `Bearer ${bo.token}` } })).status).toBe(401);
    expect((await grace.call(rejoin, { method: 'POST' })).status).toBe(404);
    // Without the CSRF header, the instructor's own cookie is not enough.
    expect((await fetch(`${server.url}${rejoin}`, { method: 'POST', headers: { cookie: ada.cookie } })).status).toBe(403);
    expect((await asLearner(ana.token)).status, "a refused call changed Ana's token").toBe(200);

    const made = await ada.call(rejoin, { method: 'POST' });
    expect(made.status).toBe(200);
    const { name, rejoinUrl } = (await made.json()) as { name: string; rejoinUrl: string };
    expect(name).toBe('Ana');
    const token = rejoinUrl.match(new RegExp(`^${server.url}/classroom/join/\\?code=${code}#rejoin=(slt_[\\w-]+)$`))?.[1];
    expect(token, rejoinUrl).toBeDefined();

    // The same learner: their id, and the progress they reported before.
    expect(((await (await asLearner(token!)).json()) as { learner: { id: number } }).learner.id).toBe(ana.id);
    const progress = (await (await ada.call(`/api/workshops/${code}/progress`)).json()) as Array<{ learner: string; exercises: Record<string, { best: number }> }>;
    expect(progress.filter((p) => p.learner === 'Ana')).toEqual([expect.objectContaining({ exercises: { 'netns-red-blue': expect.objectContaining({ best: 100 }) } })]);
    // Their Check results too, for the browser they carry on in to mark.
    expect(await (await results(token!)).json()).toEqual({ exercises: { 'netns-red-blue': { bestScore: 100, maximum: 100, doneAt: expect.any(String) } } });
    const report = await fetch(`${server.url}/api/learner/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events: [{ key: eventKey(), type: 'exercise-started', exercise: 'netns-red-blue' }] }) });
    expect(report.status).toBe(200);

    // The browser left behind: refused, told where the learner went.
    const left = await asLearner(ana.token);
    expect(left.status).toBe(401);
    expect(await errorOf(left)).toMatchObject({ code: 'learner-moved', message: expect.stringMatching(/^You carry on in this workshop from another browser since .*; this one no longer reports to your instructor\./) });
    expect((await ana.post([checkReport('netns-red-blue', false)])).status).toBe(401);

    // No link for a learner of another workshop, nor for one who left.
    const other = await join(server.url, await createWorkshopOver(ada), 'Cy');
    expect((await ada.call(`/api/workshops/${code}/learners/${other.id}/rejoin`, { method: 'POST' })).status).toBe(404);
    expect((await bo.post([{ type: 'left' }])).status).toBe(200);
    expect((await ada.call(`/api/workshops/${code}/learners/${bo.id}/rejoin`, { method: 'POST' })).status).toBe(404);
  });
});
