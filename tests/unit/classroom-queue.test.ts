import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUEUE_KEY, QUEUE_LIMIT, ReportQueue, type SendOutcome } from '../../src/lib/classroom/queue.ts';
import type { LearnerEventInput } from '../../src/server/schemas.ts';

const storage = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
};

describe('the learner report queue', () => {
  it('keeps events in storage while offline and delivers them, each once, when back', async () => {
    const store = storage();
    const queue = new ReportQueue(store);
    queue.enqueue({ type: 'exercise-started', exercise: 'eth1-up' });
    queue.enqueue({ type: 'hint-shown', exercise: 'eth1-up', hint: 0 });
    const offline = await queue.flush(async () => ({ kind: 'retry' }));
    expect(offline).toMatchObject({ sent: 0, pending: true });
    // A new tab (a reload) finds the same events, with the same keys.
    const reloaded = new ReportQueue(store);
    const keys = reloaded.pending().map((e) => e.key);
    expect(keys).toHaveLength(2);
    const server = new Set<string>();
    const online = await reloaded.flush(async (events) => {
      for (const e of events) server.add(e.key);
      return { kind: 'accepted' };
    });
    expect(online).toEqual({ sent: 2, rejected: [], pending: false });
    expect([...server]).toEqual(keys);
    expect(JSON.parse(store.map.get(QUEUE_KEY)!)).toEqual([]);
  });

  it('drops only the event the server rejects, and sends the others', async () => {
    const queue = new ReportQueue(storage());
    queue.enqueue({ type: 'lesson-viewed', lesson: 'bridges' });
    queue.enqueue({ type: 'lesson-viewed', lesson: 'BAD ID' });
    queue.enqueue({ type: 'left' });
    const sent: string[] = [];
    const send = async (events: LearnerEventInput[]): Promise<SendOutcome> => {
      if (events.some((e) => e.type === 'lesson-viewed' && e.lesson === 'BAD ID')) return { kind: 'rejected', message: 'lesson: not a slug' };
      sent.push(...events.map((e) => e.type));
      return { kind: 'accepted' };
    };
    expect(await queue.flush(send)).toEqual({ sent: 2, rejected: ['lesson-viewed: lesson: not a slug'], pending: false });
    expect(sent).toEqual(['lesson-viewed', 'left']);
    expect(queue.pending()).toEqual([]);
  });

  it('empties itself when the learner is no longer in the workshop', async () => {
    const queue = new ReportQueue(storage());
    queue.enqueue({ type: 'left' });
    expect(await queue.flush(async () => ({ kind: 'ended', message: 'You left this workshop.' }))).toMatchObject({ ended: 'You left this workshop.' });
    expect(queue.pending()).toEqual([]);
  });

  it('keeps at most the newest QUEUE_LIMIT events, and works without storage', () => {
    const queue = new ReportQueue(undefined);
    for (let i = 0; i < QUEUE_LIMIT + 5; i++) queue.enqueue({ type: 'hint-shown', exercise: 'eth1-up', hint: i % 100 });
    const pending = queue.pending();
    expect(pending).toHaveLength(QUEUE_LIMIT);
    expect(pending[0]).toMatchObject({ hint: 5 });
  });

  it('holds a minute offline of reports, retried every 15 s as the tab does, and delivers them in order, once, when back', async () => {
    vi.useFakeTimers();
    const queue = new ReportQueue(storage());
    let online = false;
    const attempts: number[] = [];
    const server: string[] = [];
    const send = async (events: LearnerEventInput[]): Promise<SendOutcome> => {
      attempts.push(Date.now());
      if (!online) return { kind: 'retry' };
      for (const e of events) if (!server.includes(e.key)) server.push(e.key);
      return { kind: 'accepted' };
    };
    // The reporter's timer: flush every 15 s while something waits.
    const timer = setInterval(() => {
      if (queue.pending().length > 0) void queue.flush(send);
    }, 15_000);
    const start = Date.now();
    for (let second = 0; second < 60; second += 10) {
      queue.enqueue({ type: 'check-report', exercise: 'eth1-up', status: 'fail', score: second, max: 100, checks: [] });
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(server).toEqual([]);
    expect(attempts.map((t) => t - start)).toEqual([15_000, 30_000, 45_000, 60_000]);
    const keys = queue.pending().map((e) => e.key);
    expect(keys).toHaveLength(6);
    online = true;
    await vi.advanceTimersByTimeAsync(15_000);
    clearInterval(timer);
    expect(server).toEqual(keys);
    expect(queue.pending()).toEqual([]);
  });
});

afterEach(() => vi.useRealTimers());
