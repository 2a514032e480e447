/**
 * Live updates that survive: a server restarted mid-workshop loses no accepted event and a
 * dashboard that reconnects with Last-Event-ID gets exactly what it missed; the learner tab's
 * stream client and a dashboard reconnect by themselves to a server restarted on the same
 * address and get what was posted meanwhile, once; and (on
 * PostgreSQL) two instances on one database, where an event posted to one reaches a
 * dashboard connected to the other through LISTEN/NOTIFY.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { followStream } from '../../src/lib/classroom/sse.ts';
import { configFromEnv } from '../../src/server/config.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import type { StreamEvent } from '../../src/server/schemas.ts';
import { freshDatabase, kinds, type FreshDatabase } from './support/databases.ts';
import { checkReport, createWorkshopOver, instructor, join, openSse, serverOn } from './support/http.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});
async function database(kind: 'sqlite' | 'postgres'): Promise<FreshDatabase> {
  const db = await freshDatabase(kind);
  cleanups.push(() => db.drop());
  return db;
}
async function server(db: FreshDatabase): Promise<RunningServer> {
  const s = await serverOn(db.options);
  cleanups.push(() => s.close());
  return s;
}

describe.each(kinds)('on %s', (kind) => {
  it('a restart loses no accepted event, and the dashboard catches up with Last-Event-ID', async () => {
    const db = await database(kind);
    const first = await server(db);
    const teacher = await instructor(first, 'ada@example.org');
    const code = await createWorkshopOver(teacher);
    const learner = await join(first.url, code, 'Ana');
    const accepted: number[] = [];
    const post = async (s: RunningServer, pass: boolean) => {
      const response = await fetch(`${s.url}/api/learner/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${learner.token}` },
        body: JSON.stringify({ events: [{ key: `restart-${accepted.length}-${Date.now()}`, ...checkReport('netns-red-blue', pass) }] }),
      });
      expect(response.status).toBe(200);
      accepted.push(...((await response.json()) as { accepted: Array<{ id: number }> }).accepted.map((a) => a.id));
    };

    const dashboard = await openSse(`${first.url}/api/workshops/${code}/stream`, { cookie: teacher.cookie });
    await post(first, false);
    const seen = await dashboard.waitFor((e) => e.id === accepted[0]);
    dashboard.close();
    // Accepted while no dashboard listens, then the server goes away.
    await post(first, false);
    await post(first, false);
    await first.close();

    const second = await server(db);
    await post(second, true);
    const again = await openSse(`${second.url}/api/workshops/${code}/stream`, { cookie: teacher.cookie, 'last-event-id': String(seen.id) });
    try {
      await again.waitFor((e) => e.id === accepted.at(-1));
      const reports = again.events.filter((e) => e.type === 'check-report').map((e) => e.id);
      expect(reports).toEqual(accepted.slice(1));
      expect(again.events.every((e) => e.id > seen.id)).toBe(true);
    } finally {
      again.close();
    }
  });
  it('the learner’s stream and a dashboard reconnect by themselves after a restart and miss nothing', async () => {
    const db = await database(kind);
    let current = await server(db);
    const port = Number(new URL(current.url).port);
    const teacher = await instructor(current, 'ada@example.org');
    const code = await createWorkshopOver(teacher);
    const learner = await join(current.url, code, 'Ana');
    const heard = { learner: [] as StreamEvent[], dashboard: [] as StreamEvent[] };
    const opens = { learner: 0, dashboard: 0 };
    const follow = (who: 'learner' | 'dashboard', path: string, headers: Record<string, string>) =>
      followStream(`${current.url}${path}`, headers, 0, { message: (data) => heard[who].push(JSON.parse(data) as StreamEvent), ended: () => {}, open: () => opens[who]++ });
    const stops = [follow('learner', '/api/learner/stream', { authorization: `Bearer ${learner.token}` }), follow('dashboard', `/api/workshops/${code}/stream`, { cookie: teacher.cookie })];
    const until = async (ok: () => boolean, what: string) => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(ok(), what).toBe(true);
    };
    try {
      const say = (message: string) => teacher.call(`/api/workshops/${code}/broadcast`, { method: 'POST', json: { message } });
      const messages = (who: 'learner' | 'dashboard') => heard[who].filter((e) => e.type === 'broadcast').map((e) => e.payload.message);
      await until(() => opens.learner === 1 && opens.dashboard === 1, 'both streams open');
      expect((await say('before')).status).toBe(201);
      await until(() => messages('learner').length === 1 && messages('dashboard').length === 1, 'both hear the first broadcast');
      await current.close();
      // Accepted by the new process on the same address and database before the clients are back.
      current = await startServer({ ...configFromEnv({}), port, ...(db.options.databaseUrl ? { databaseUrl: db.options.databaseUrl } : { dataDir: db.options.dataDir! }) });
      cleanups.push(() => current.close());
      expect((await say('during')).status).toBe(201);
      await until(() => opens.learner === 2 && opens.dashboard === 2, 'both streams reconnected');
      expect((await say('after')).status).toBe(201);
      await until(() => messages('learner').length === 3 && messages('dashboard').length === 3, 'both hear every broadcast');
      expect(messages('learner')).toEqual(['before', 'during', 'after']);
      expect(messages('dashboard')).toEqual(['before', 'during', 'after']);
    } finally {
      for (const stop of stops) stop();
    }
  });
});

describe.runIf(kinds.includes('postgres'))('two instances on one PostgreSQL', () => {
  it('an event posted to one reaches a dashboard connected to the other', async () => {
    const db = await database('postgres');
    const [a, b] = [await server(db), await server(db)];
    const teacher = await instructor(a, 'ada@example.org');
    const code = await createWorkshopOver(teacher);
    const learner = await join(a.url, code, 'Ana');
    const onB = await openSse(`${b.url}/api/workshops/${code}/stream`, { cookie: teacher.cookie });
    try {
      expect(onB.status).toBe(200);
      await onB.waitFor((e) => e.type === 'learner-joined');
      const started = Date.now();
      const response = await learner.post([checkReport('netns-red-blue', false)]);
      const [{ id }] = ((await response.json()) as { accepted: Array<{ id: number }> }).accepted as [{ id: number }];
      const event = await onB.waitFor((e) => e.id === id, 5_000);
      expect(event).toMatchObject({ type: 'check-report', learnerId: learner.id, payload: { status: 'fail' } });
      console.log(`instance A to a dashboard on instance B: ${Date.now() - started} ms`);
      // And the other way: a broadcast made on B reaches the learner's stream on A.
      const learnerStream = await openSse(`${a.url}/api/learner/stream`, { authorization: `Bearer ${learner.token}` });
      try {
        await teacher.call(`/api/workshops/${code}/broadcast`, { method: 'POST', json: { message: 'from B' } }).then((r) => expect(r.status).toBe(201));
        const viaB = await fetch(`${b.url}/api/workshops/${code}/broadcast`, { method: 'POST', headers: { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ message: 'made on B' }) });
        expect(viaB.status).toBe(201);
        await learnerStream.waitFor((e) => e.payload.message === 'made on B', 5_000);
      } finally {
        learnerStream.close();
      }
    } finally {
      onB.close();
    }
  });
});
