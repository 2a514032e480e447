/** The learner's stream reader: each connection sends the credentials the page holds by then, and a 401 ends it with the server's words. */
import { describe, expect, it } from 'vitest';
import { followStream } from '../../src/lib/classroom/sse.ts';

/** A server that answers each connection with one event and a short retry, then closes it; 401 for a token it no longer takes. */
function fakeServer(refused: Set<string>) {
  const seen: Array<{ authorization: string; lastEventId?: string }> = [];
  let id = 0;
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const headers = init?.headers as Record<string, string>;
    seen.push({ authorization: headers.authorization!, lastEventId: headers['last-event-id'] });
    if (refused.has(headers.authorization!)) return new Response(JSON.stringify({ error: { code: 'learner-moved', message: 'You carry on from another browser.' } }), { status: 401 });
    id += 1;
    return new Response(`retry: 5\n\nid: ${id}\ndata: {"n":${id}}\n\n`, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { seen, fetchImpl };
}

describe("the learner's stream", () => {
  it('reconnects with the token the page holds by then, after the last event it had, and ends once that token is refused', async () => {
    const refused = new Set<string>();
    const server = fakeServer(refused);
    let token = 'Bearer slt_first';
    const heard: number[] = [];
    let ended = 0;
    const endedWith: Array<string | undefined> = [];
    const end = (message?: string) => {
      ended++;
      endedWith.push(message);
    };
    const stop = followStream('/api/learner/stream', () => ({ authorization: token }), 0, { message: (_data, id) => heard.push(id), ended: end }, server.fetchImpl);
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(ok()).toBe(true);
    };
    await until(() => heard.length >= 2);
    // The learner launched again from the LMS in another tab: the server took the new token, and refuses the old one.
    refused.add(token);
    token = 'Bearer slt_second';
    const before = server.seen.length;
    await until(() => server.seen.length >= before + 2);
    expect(ended, 'a newer token keeps the stream').toBe(0);
    expect(server.seen.slice(before).map((c) => c.authorization)).toEqual(['Bearer slt_second', 'Bearer slt_second']);
    expect(Number(server.seen.at(-1)!.lastEventId), 'after the last event it had').toBeGreaterThanOrEqual(2);
    // The token the page holds is refused too (the learner left): the stream ends, and asks no more.
    refused.add(token);
    await until(() => ended === 1);
    expect(endedWith, "the server's sentence for the learner").toEqual(['You carry on from another browser.']);
    const asked = server.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.seen.length).toBe(asked);
    stop();
  });
});
