/**
 * The learner tab's peek code (src/lib/classroom/learner-peek.ts) against a real server: it
 * does not even listen to the terminal until the learner accepts, the dashboard's viewer gets
 * the screen so far and then what the learner types, and after Stop (the learner's, or the
 * instructor's) nothing more leaves the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Membership } from '../../src/lib/classroom/client.ts';
import { LearnerPeek, type PeekView } from '../../src/lib/classroom/learner-peek.ts';
import type { TerminalSource } from '../../src/lib/classroom/peek-relay.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { freshDatabase, type FreshDatabase } from './support/databases.ts';
import { createWorkshopOver, instructor, join, openSse, serverOn, type Instructor } from './support/http.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

function fakeTerminal() {
  const listeners = new Set<(bytes: Uint8Array) => void>();
  const source: TerminalSource = {
    history: () => encode('root@stacklab:~# '),
    onOutput: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { source, listeners, type: (text: string) => listeners.forEach((l) => l(encode(text))) };
}

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

describe('the learner tab during a peek (SQLite)', () => {
  let db: FreshDatabase;
  let server: RunningServer;
  let ada: Instructor;
  let code: string;
  beforeAll(async () => {
    (globalThis as { window?: EventTarget }).window ??= new EventTarget();
    db = await freshDatabase('sqlite');
    server = await serverOn(db.options);
    ada = await instructor(server, 'ada@example.org');
    code = await createWorkshopOver(ada);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  async function learnerTab(name: string) {
    const joined = await join(server.url, code, name);
    const membership: Membership = { code, title: 'Namespaces', token: joined.token, name, learnerId: joined.id };
    const terminal = fakeTerminal();
    const views: PeekView[] = [];
    window.addEventListener('stacklab:classroom-peek', (e) => views.push((e as CustomEvent<PeekView>).detail));
    const session = memoryStorage();
    const peek = new LearnerPeek(() => membership, session, async () => terminal.source, server.url);
    /** The same tab after a reload (same session storage), and another tab of the same learner. */
    const reloaded = (storage = session) => new LearnerPeek(() => membership, storage, async () => terminal.source, server.url);
    return { joined, terminal, peek, views, reloaded };
  }

  async function askFor(learnerId: number): Promise<number> {
    const response = await ada.call(`/api/workshops/${code}/peeks`, { method: 'POST', json: { learnerId } });
    return ((await response.json()) as { peek: { id: number } }).peek.id;
  }

  const frameData = (sse: { events: unknown[] }) => (sse.events as Array<{ data: string }>).map((f) => f.data).join('');

  it('shares nothing before Accept and nothing after Stop', async () => {
    const tab = await learnerTab('Ana');
    const peekId = await askFor(tab.joined.id);
    const viewer = await openSse(`${server.url}/api/workshops/${code}/peeks/${peekId}/stream`, { cookie: ada.cookie });
    try {
      await tab.peek.refresh();
      expect(tab.peek.current).toEqual({ kind: 'asked', peekId, instructor: 'ada@example.org' });
      tab.terminal.type('secret typed while asked\r\n');
      expect(tab.terminal.listeners.size).toBe(0);

      await tab.peek.accept();
      expect(tab.peek.current).toMatchObject({ kind: 'active', here: true });
      expect(tab.terminal.listeners.size).toBe(1);
      tab.terminal.type('ip netns add red\r\n');
      await viewer.waitFor((f) => (f as unknown as { data: string }).data.includes('ip netns add red'), 5_000);
      expect(frameData(viewer)).toBe('root@stacklab:~# ip netns add red\r\n');

      await tab.peek.stop();
      expect(tab.terminal.listeners.size).toBe(0);
      tab.terminal.type('typed after stop\r\n');
      await settle();
      expect(frameData(viewer)).not.toMatch(/secret|after stop/);
      const open = await fetch(`${server.url}/api/learner/peek`, { headers: { authorization: `Bearer ${tab.joined.token}` } });
      expect(await open.json()).toEqual({ peek: null });
      expect(tab.views.map((v) => v.kind)).toEqual(['asked', 'active', 'none']);
    } finally {
      viewer.close();
    }
  });

  it('stops relaying when the instructor ends the peek', async () => {
    const tab = await learnerTab('Bo');
    const peekId = await askFor(tab.joined.id);
    await tab.peek.refresh();
    await tab.peek.accept();
    await settle(300);
    await ada.call(`/api/workshops/${code}/peeks/${peekId}/stop`, { method: 'POST' });
    // The next output is refused by the server, and the tab stops listening and says so.
    tab.terminal.type('ls\r\n');
    for (let i = 0; i < 30 && tab.terminal.listeners.size > 0; i++) await settle(100);
    expect(tab.terminal.listeners.size).toBe(0);
    await settle(200);
    expect(tab.peek.current).toEqual({ kind: 'none', notice: 'Your instructor is no longer viewing your terminal.' });
  });

  it('resumes after a reload of the tab that accepted, and only there', async () => {
    const tab = await learnerTab('Di');
    const peekId = await askFor(tab.joined.id);
    const viewer = await openSse(`${server.url}/api/workshops/${code}/peeks/${peekId}/stream`, { cookie: ada.cookie });
    try {
      await tab.peek.refresh();
      await tab.peek.accept();
      tab.terminal.listeners.clear(); // the page goes away, and its listener with it
      const other = tab.reloaded(memoryStorage());
      await other.refresh();
      expect(other.current).toEqual({ kind: 'active', peekId, instructor: 'ada@example.org', here: false });
      expect(tab.terminal.listeners.size).toBe(0);
      const again = tab.reloaded();
      await again.refresh();
      expect(again.current).toMatchObject({ kind: 'active', here: true });
      expect(tab.terminal.listeners.size).toBe(1);
      tab.terminal.type('after the reload\r\n');
      await viewer.waitFor((f) => (f as unknown as { data: string }).data.includes('after the reload'), 5_000);
      await again.stop();
    } finally {
      viewer.close();
    }
  });

  it('declining shares nothing and closes the request', async () => {
    const tab = await learnerTab('Cy');
    const peekId = await askFor(tab.joined.id);
    await tab.peek.refresh();
    await tab.peek.decline();
    expect(tab.terminal.listeners.size).toBe(0);
    const state = await ada.call(`/api/workshops/${code}/peeks/${peekId}`);
    expect(await state.json()).toMatchObject({ peek: { status: 'declined' } });
  });
});
