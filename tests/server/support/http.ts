/**
 * Real HTTP against a real server: start one on an ephemeral port and a fresh database, log
 * in as an instructor (cookie and CSRF token kept), join as learners, and read a
 * Server-Sent Events stream.
 */
import { configFromEnv } from '../../../src/server/config.ts';
import { createInstructor } from '../../../src/server/services/instructors.ts';
import { startServer, type RunningServer, type StartOptions } from '../../../src/server/server.ts';
import type { StorageOptions } from '../../../src/server/storage/database.ts';
import type { StreamEvent } from '../../../src/server/schemas.ts';

export async function serverOn(storage: StorageOptions, options: StartOptions = {}): Promise<RunningServer> {
  const config = { ...configFromEnv({}), port: 0, databaseUrl: storage.databaseUrl, dataDir: storage.dataDir ?? 'data' };
  return startServer(config, options);
}

export interface Instructor {
  cookie: string;
  csrf: string;
  /** fetch with the session cookie, and the CSRF token on state-changing requests. */
  call(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

export const PASSWORD = 'a long enough password';

export async function instructor(server: RunningServer, email: string, admin = false): Promise<Instructor> {
  await createInstructor(server.ctx, { email, password: PASSWORD, admin }).catch((error: { code?: string }) => {
    if (error.code !== 'instructor-exists') throw error;
  });
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (login.status !== 200) throw new Error(`log-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    call: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (init.method && init.method !== 'GET' && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrfToken);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${server.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    },
  };
}

export async function createWorkshopOver(teacher: Instructor, body: object = { title: 'Namespaces', exercises: ['netns-red-blue'] }): Promise<string> {
  const response = await teacher.call('/api/workshops', { method: 'POST', json: body });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { code: string }).code;
}

export interface LearnerClient {
  id: number;
  token: string;
  post(events: object[]): Promise<Response>;
}

let keyCounter = 0;
export const eventKey = () => `e${Date.now().toString(36)}${(++keyCounter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export async function join(baseUrl: string, code: string, name: string): Promise<LearnerClient> {
  const response = await fetch(`${baseUrl}/api/workshops/${code}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  if (response.status !== 201) throw new Error(`join failed: ${response.status} ${await response.text()}`);
  const { token, learner } = (await response.json()) as { token: string; learner: { id: number } };
  return {
    id: learner.id,
    token,
    post: (events) =>
      fetch(`${baseUrl}/api/learner/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: events.map((e) => ({ key: eventKey(), ...e })) }),
      }),
  };
}

export const checkReport = (exercise: string, pass: boolean) => ({
  type: 'check-report',
  exercise,
  status: pass ? 'pass' : 'fail',
  score: pass ? 100 : 40,
  max: 100,
  earned: { score: pass ? 100 : 40, max: 100 },
  checks: [
    { id: 'ns-exist', title: 'red and blue exist', status: 'pass' },
    { id: 'return-route', title: 'return route', status: pass ? 'pass' : 'fail' },
  ],
});

/** An open SSE connection that collects events until closed. */
export interface SseReader {
  status: number;
  events: StreamEvent[];
  waitFor(predicate: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>, onEvent?: (e: StreamEvent) => void): Promise<SseReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
            if (!data) continue;
            const event = JSON.parse(data) as StreamEvent;
            events.push(event);
            onEvent?.(event);
          }
          for (const wake of waiters) wake();
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    status: response.status,
    events,
    close: () => abort.abort(),
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.id, e.type]))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
