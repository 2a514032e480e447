/**
 * Terminal peek over real HTTP, on each database the run has: only the workshop's instructors
 * may ask for or watch a peek, only the peeked learner's token may answer it or relay frames,
 * nothing is accepted before the learner consents or after either side stops, the learner's
 * stream hears the request at once, only a bounded window of frames is kept, and (on
 * PostgreSQL) a frame posted to one instance reaches a viewer on another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/server/routes/rate-limit.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { PEEK_FRAME_WINDOW } from '../../src/server/services/peek.ts';
import { freshDatabase, kinds, type FreshDatabase } from './support/databases.ts';
import { createWorkshopOver, instructor, join, openSse, serverOn, type Instructor, type LearnerClient } from './support/http.ts';

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

interface Frame {
  id: number;
  data: string;
  reset: boolean;
  size?: { rows: number; cols: number };
}

function learnerCall(server: RunningServer, learner: LearnerClient, path: string, json?: unknown): Promise<Response> {
  return fetch(`${server.url}/api${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${learner.token}`, 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
}

const frame = (server: RunningServer, learner: LearnerClient, peek: number, data: string, reset = false) => learnerCall(server, learner, `/learner/peeks/${peek}/frames`, { data, reset });

async function ask(teacher: Instructor, code: string, learnerId: number): Promise<number> {
  const response = await teacher.call(`/api/workshops/${code}/peeks`, { method: 'POST', json: { learnerId } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { peek: { id: number } }).peek.id;
}

/** The frames a peek stream sends (its SSE data are frames, not workshop events). */
async function viewer(server: RunningServer, teacher: Instructor, code: string, peek: number) {
  const sse = await openSse(`${server.url}/api/workshops/${code}/peeks/${peek}/stream`, { cookie: teacher.cookie });
  return { sse, frames: () => sse.events as unknown as Frame[] };
}

describe.each(kinds)('terminal peek on %s', (kind) => {
  let db: FreshDatabase;
  let server: RunningServer;
  let ada: Instructor;
  let grace: Instructor;
  let code: string;
  let ana: LearnerClient;
  let bo: LearnerClient;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    server = await serverOn(db.options, { limits: { peekFrames: new TokenBuckets({ burst: 1000, perSecond: 1000 }) } });
    [ada, grace] = await Promise.all([instructor(server, 'ada@example.org', true), instructor(server, 'grace@example.org')]);
    code = await createWorkshopOver(ada);
    await createWorkshopOver(grace, { title: 'Grace’s own' });
    ana = await join(server.url, code, 'Ana');
    bo = await join(server.url, code, 'Bo');
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('lets only the workshop’s instructors ask for or watch a peek', async () => {
    const asLearner = await fetch(`${server.url}/api/workshops/${code}/peeks`, { method: 'POST', headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ learnerId: ana.id }) });
    expect(asLearner.status).toBe(401);
    expect(await errorOf(asLearner)).toMatchObject({ code: 'login-required' });
    const byGrace = await grace.call(`/api/workshops/${code}/peeks`, { method: 'POST', json: { learnerId: ana.id } });
    expect(byGrace.status).toBe(404);
    const peek = await ask(ada, code, ana.id);
    for (const path of [`/api/workshops/${code}/peeks/${peek}`, `/api/workshops/${code}/peeks/${peek}/stream`]) {
      const response = await grace.call(path);
      expect(response.status, path).toBe(404);
      expect((await errorOf(response)).message).toMatch(/does not exist, or you may not see it/);
    }
    const noCsrf = await fetch(`${server.url}/api/workshops/${code}/peeks/${peek}/stop`, { method: 'POST', headers: { cookie: ada.cookie } });
    expect(noCsrf.status).toBe(403);
    const unknown = await ada.call(`/api/workshops/${code}/peeks`, { method: 'POST', json: { learnerId: 999_999 } });
    expect(unknown.status).toBe(404);
    const malformed = await ada.call(`/api/workshops/${code}/peeks`, { method: 'POST', json: { learnerId: 'ana' } });
    expect(malformed.status).toBe(400);
    expect(await ada.call(`/api/workshops/${code}/peeks/${peek}/stop`, { method: 'POST' }).then((r) => r.status)).toBe(200);
  });

  it('lets only the peeked learner’s token answer it or relay frames', async () => {
    const peek = await ask(ada, code, ana.id);
    const byBo = await learnerCall(server, bo, `/learner/peeks/${peek}/accept`, {});
    expect(byBo.status).toBe(404);
    expect((await frame(server, bo, peek, 'not mine')).status).toBe(404);
    const noToken = await fetch(`${server.url}/api/learner/peeks/${peek}/frames`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: 'x' }) });
    expect(noToken.status).toBe(401);
    // Bo sees no open peek; Ana sees hers, with who asked.
    expect(await learnerCall(server, bo, '/learner/peek').then((r) => r.json())).toEqual({ peek: null });
    expect(await learnerCall(server, ana, '/learner/peek').then((r) => r.json())).toMatchObject({ peek: { id: peek, status: 'requested', instructor: 'ada@example.org' } });
    expect((await learnerCall(server, ana, `/learner/peeks/${peek}/decline`, {})).status).toBe(200);
    expect(await learnerCall(server, ana, '/learner/peek').then((r) => r.json())).toEqual({ peek: null });
  });

  it('accepts no frame before consent or after a stop, and streams the ones in between', async () => {
    const learnerStream = await openSse(`${server.url}/api/learner/stream`, { authorization: `Bearer ${ana.token}` });
    const boStream = await openSse(`${server.url}/api/learner/stream`, { authorization: `Bearer ${bo.token}` });
    const peek = await ask(ada, code, ana.id);
    const watch = await viewer(server, ada, code, peek);
    try {
      // The learner's tab hears the request at once, on its stream; Bo's does not.
      await learnerStream.waitFor((e) => e.type === 'peek-requested' && e.payload.peek === peek, 5_000);
      const before = await frame(server, ana, peek, 'typed before consent');
      expect(before.status).toBe(409);
      expect(await errorOf(before)).toMatchObject({ code: 'peek-not-active', message: expect.stringContaining('nothing of your terminal is shared') });

      expect((await learnerCall(server, ana, `/learner/peeks/${peek}/accept`, {})).status).toBe(200);
      expect((await learnerCall(server, ana, `/learner/peeks/${peek}/frames`, { data: 'root@stacklab:~# ', reset: true, rows: 30, cols: 120 })).status).toBe(201);
      expect((await frame(server, ana, peek, 'ip netns add red\r\n')).status).toBe(201);
      await watch.sse.waitFor((e) => (e as unknown as Frame).data === 'ip netns add red\r\n', 5_000);
      expect(watch.frames().map((f) => [f.data, f.reset, f.size])).toEqual([
        ['root@stacklab:~# ', true, { rows: 30, cols: 120 }],
        ['ip netns add red\r\n', false, undefined],
      ]);

      expect((await learnerCall(server, ana, `/learner/peeks/${peek}/stop`, {})).status).toBe(200);
      const after = await frame(server, ana, peek, 'typed after stop');
      expect(after.status).toBe(409);
      await learnerStream.waitFor((e) => e.type === 'peek-ended' && e.payload.peek === peek, 5_000);
      expect(boStream.events.filter((e) => e.type.startsWith('peek-'))).toEqual([]);
      // Bo's stream read past Ana's events (the room's learner streams share one query) and still gets what is his.
      expect((await ada.call(`/api/workshops/${code}/broadcast`, { method: 'POST', json: { message: 'after the peek' } })).status).toBe(201);
      await boStream.waitFor((e) => e.payload.message === 'after the peek', 5_000);
      expect(boStream.events.map((e) => e.type)).toEqual(['broadcast']);
      // A viewer that connects now finds nothing: the frames went with the peek.
      const late = await viewer(server, ada, code, peek);
      await new Promise((r) => setTimeout(r, 300));
      expect(late.frames()).toEqual([]);
      late.sse.close();
      expect(JSON.stringify(watch.frames())).not.toMatch(/before consent|after stop/);
      // Accepting an ended peek is refused: the instructor has to ask again.
      expect((await learnerCall(server, ana, `/learner/peeks/${peek}/accept`, {})).status).toBe(409);
    } finally {
      learnerStream.close();
      boStream.close();
      watch.sse.close();
    }
  });

  it('stops relaying when the instructor ends the peek', async () => {
    const peek = await ask(ada, code, bo.id);
    expect((await learnerCall(server, bo, `/learner/peeks/${peek}/accept`, {})).status).toBe(200);
    expect((await frame(server, bo, peek, 'ok')).status).toBe(201);
    expect(await ada.call(`/api/workshops/${code}/peeks/${peek}/stop`, { method: 'POST' }).then((r) => r.json())).toMatchObject({ peek: { status: 'ended' } });
    expect((await frame(server, bo, peek, 'no longer')).status).toBe(409);
  });

  it('ends the open peek of a learner who leaves, and takes its frames', async () => {
    const cy = await join(server.url, code, 'Cy');
    const peek = await ask(ada, code, cy.id);
    await learnerCall(server, cy, `/learner/peeks/${peek}/accept`, {});
    expect((await frame(server, cy, peek, 'before leaving')).status).toBe(201);
    expect((await cy.post([{ type: 'left' }])).status).toBe(200);
    expect(await ada.call(`/api/workshops/${code}/peeks/${peek}`).then((r) => r.json())).toMatchObject({ peek: { status: 'ended' } });
    expect(await server.ctx.storage.db.selectFrom('peek_frames').select('id').where('peek_id', '=', peek).execute()).toEqual([]);
    const asked = await ada.call(`/api/workshops/${code}/peeks`, { method: 'POST', json: { learnerId: cy.id } });
    expect(asked.status).toBe(409);
    expect((await errorOf(asked)).message).toMatch(/has left/);
  });

  it(`keeps only the latest ${PEEK_FRAME_WINDOW} frames of a peek`, async () => {
    const peek = await ask(ada, code, ana.id);
    await learnerCall(server, ana, `/learner/peeks/${peek}/accept`, {});
    for (let i = 0; i < PEEK_FRAME_WINDOW + 30; i++) expect((await frame(server, ana, peek, `line ${i}\r\n`)).status).toBe(201);
    const rows = await server.ctx.storage.db.selectFrom('peek_frames').select('data').where('peek_id', '=', peek).orderBy('id').execute();
    expect(rows.length).toBe(PEEK_FRAME_WINDOW);
    expect(rows[0]!.data).toBe('line 30\r\n');
    const oversized = await frame(server, ana, peek, 'x'.repeat(40 * 1024));
    expect(oversized.status).toBe(400);
    await learnerCall(server, ana, `/learner/peeks/${peek}/stop`, {});
  });
});

describe.runIf(kinds.includes('postgres'))('terminal peek across two instances on one PostgreSQL', () => {
  it('a frame posted to one instance reaches a viewer on the other', async () => {
    const db = await freshDatabase('postgres');
    const [a, b] = [await serverOn(db.options), await serverOn(db.options)];
    try {
      const teacher = await instructor(a, 'ada@example.org');
      const code = await createWorkshopOver(teacher);
      const learner = await join(a.url, code, 'Ana');
      const peek = await ask(teacher, code, learner.id);
      await learnerCall(a, learner, `/learner/peeks/${peek}/accept`, {});
      const onB = await viewer(b, teacher, code, peek);
      try {
        expect(onB.sse.status).toBe(200);
        const started = Date.now();
        expect((await frame(a, learner, peek, 'hello from A')).status).toBe(201);
        await onB.sse.waitFor((e) => (e as unknown as Frame).data === 'hello from A', 5_000);
        console.log(`peek frame from instance A to a viewer on B: ${Date.now() - started} ms`);
      } finally {
        onB.sse.close();
      }
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
