import { describe, expect, it } from 'vitest';
import { AgentChannel } from '../../src/vm/agent-channel.ts';
import { VmError } from '../../src/vm/errors.ts';
import { CANCEL_BYTE } from '../../src/vm/protocol.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const reply = (id: string) => bytes(`\x1eSL1 R ${id} ok 0 1 0 0\n\x1eSL1 E ${id}\n`);
const idOf = (request: string) => request.split(' ')[2]!;
const CANCEL = String.fromCharCode(CANCEL_BYTE);

/** A channel whose sent requests are recorded, answered by hand with `answer()`. */
function channelWithFakeAgent() {
  const sent: string[] = [];
  const channel = new AgentChannel({ send: (b) => sent.push(text(b)) });
  const answer = () => channel.receive(reply(idOf(sent.findLast((bytes) => bytes !== CANCEL)!)));
  return { channel, sent, answer };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('AgentChannel.betweenRequests', () => {
  it('waits for the request in flight to be answered before running, and holds the next one back until it settles', async () => {
    const { channel, sent, answer } = channelWithFakeAgent();
    const events: string[] = [];
    const first = channel.request({ kind: 'ping', timeoutMs: 1000 }).then(() => events.push('first answered'));
    let finishSave!: () => void;
    const save = channel.betweenRequests(() => {
      events.push('save started');
      return new Promise<string>((resolve) => (finishSave = () => resolve('state')));
    });
    const second = channel.request({ kind: 'ping', timeoutMs: 1000 }).then(() => events.push('second answered'));
    await settle();
    expect(events).toEqual([]);
    expect(sent).toHaveLength(1);

    answer();
    await settle();
    await settle();
    expect(events).toEqual(['first answered', 'save started']);
    expect(sent).toHaveLength(1);

    finishSave();
    expect(await save).toBe('state');
    await settle();
    expect(sent).toHaveLength(2);
    answer();
    await Promise.all([first, second]);
    expect(events).toEqual(['first answered', 'save started', 'second answered']);
  });

  it('lets the reply that ends the request in flight reach its asker, through several awaits, before the task starts', async () => {
    const { channel, answer } = channelWithFakeAgent();
    const events: string[] = [];
    // As in the emulator's worker: the reply goes through a few layers of awaits before it is posted to the page.
    const asker = (async () => {
      const reply = await channel.request({ kind: 'exec', timeoutMs: 1000, body: 'collect' });
      for (let layer = 0; layer < 5; layer++) await Promise.resolve(reply);
      events.push('reply posted');
    })();
    const save = channel.betweenRequests(async () => {
      events.push('save started');
    });
    await settle();
    answer();
    await Promise.all([asker, save]);
    expect(events).toEqual(['reply posted', 'save started']);
  });

  it('runs soon when nothing is in flight, and releases the queue even when the task fails', async () => {
    const { channel, sent, answer } = channelWithFakeAgent();
    await expect(channel.betweenRequests(() => Promise.reject(new Error('save failed')))).rejects.toThrow('save failed');
    const next = channel.request({ kind: 'ping', timeoutMs: 1000 });
    await settle();
    expect(sent).toHaveLength(1);
    answer();
    await expect(next).resolves.toMatchObject({ status: 'ok' });
  });
});

describe('AgentChannel background requests', () => {
  it('lets every other request go ahead of queued background work', async () => {
    const { channel, sent, answer } = channelWithFakeAgent();
    const order: string[] = [];
    const track = (name: string, background: boolean) =>
      channel.request({ kind: 'exec', timeoutMs: 1000, body: name }, { background }).then(() => order.push(name));
    const all = [track('warm-1', true), track('warm-2', true), track('check', false), track('warm-3', true), track('command', false)];
    for (let i = 0; i < 5; i++) {
      await settle();
      answer();
    }
    await Promise.all(all);
    expect(order).toEqual(['warm-1', 'check', 'command', 'warm-2', 'warm-3']);
    const requests = sent.filter((bytes) => bytes !== CANCEL);
    expect(requests.map((request) => request.split('\n')[1])).toEqual(['warm-1', 'check', 'command', 'warm-2', 'warm-3']);
  });

  it('has the agent stop a background command in flight once another request is queued, with one cancel however many wait', async () => {
    const { channel, sent } = channelWithFakeAgent();
    const warm = channel.request({ kind: 'exec', timeoutMs: 1000, body: 'warm-1' }, { background: true });
    const check = channel.request({ kind: 'exec', timeoutMs: 1000, body: 'check' });
    const command = channel.request({ kind: 'exec', timeoutMs: 1000, body: 'command' });
    await settle();
    expect(sent.map((bytes) => (bytes === CANCEL ? 'CANCEL' : bytes.split('\n')[1]))).toEqual(['warm-1', 'CANCEL']);
    // The agent answers the stopped command as cancelled; the Check is sent next.
    channel.receive(bytes(`\x1eSL1 R ${idOf(sent[0]!)} cancelled 137 9 0 0\n\x1eSL1 E ${idOf(sent[0]!)}\n`));
    await expect(warm).resolves.toMatchObject({ status: 'cancelled' });
    await settle();
    expect(sent.at(-1)!.split('\n')[1]).toBe('check');
    channel.failAll(new VmError('vm-destroyed', 'test over'));
    await Promise.allSettled([check, command]);
  });

  it('never cancels a request someone waits for, nor background work that is not a command', async () => {
    const { channel, sent, answer } = channelWithFakeAgent();
    const first = channel.request({ kind: 'exec', timeoutMs: 1000, body: 'command' });
    const second = channel.request({ kind: 'exec', timeoutMs: 1000, body: 'check' });
    await settle();
    answer();
    await first;
    await settle();
    answer();
    await second;
    const ping = channel.request({ kind: 'ping', timeoutMs: 1000 }, { background: true });
    const third = channel.request({ kind: 'exec', timeoutMs: 1000, body: 'check' });
    await settle();
    answer();
    await ping;
    await settle();
    answer();
    await third;
    expect(sent).not.toContain(CANCEL);
    expect(sent).toHaveLength(4);
  });

  it('sends a cancel only while the background command is in flight, not once it is answered', async () => {
    const { channel, sent, answer } = channelWithFakeAgent();
    const warm = channel.request({ kind: 'exec', timeoutMs: 1000, body: 'warm-1' }, { background: true });
    await settle();
    answer();
    await warm;
    const check = channel.request({ kind: 'exec', timeoutMs: 1000, body: 'check' });
    await settle();
    answer();
    await check;
    expect(sent).not.toContain(CANCEL);
  });
});

describe('AgentChannel deadlines set by the asker', () => {
  it('fails a request in flight at its asker deadline, long before the guest-side limit, and frees the channel for the next', async () => {
    const { channel, sent, answer } = channelWithFakeAgent();
    const started = Date.now();
    const stuck = channel.request({ kind: 'exec', timeoutMs: 60_000, body: 'collect' }, { answerWithinMs: 50 });
    await expect(stuck).rejects.toMatchObject({ code: 'agent-timeout', message: expect.stringMatching(/^The VM is not answering/) });
    expect(Date.now() - started).toBeLessThan(1000);
    const next = channel.request({ kind: 'ping', timeoutMs: 1000 });
    await settle();
    expect(sent).toHaveLength(2);
    answer();
    await expect(next).resolves.toMatchObject({ status: 'ok' });
  });

  it('counts the time a request waits in the queue, and never sends one whose asker gave up', async () => {
    const { channel, sent, answer } = channelWithFakeAgent();
    const first = channel.request({ kind: 'exec', timeoutMs: 10_000, body: 'slow' });
    const queued = channel.request({ kind: 'exec', timeoutMs: 10_000, body: 'check' }, { answerWithinMs: 30 });
    await expect(queued).rejects.toMatchObject({ code: 'agent-timeout' });
    answer();
    await expect(first).resolves.toMatchObject({ status: 'ok' });
    await settle();
    expect(sent.map((request) => request.split('\n')[1])).toEqual(['slow']);
    expect(channel.idle).toBe(true);
  });

  it('reports a late reply to a request given up on as noise, and as a sign the agent answers again', async () => {
    const noise: string[] = [];
    let answers = 0;
    const sent: string[] = [];
    const channel = new AgentChannel({ send: (b) => sent.push(text(b)), onNoise: (reason) => noise.push(reason), onAnswer: () => answers++ });
    await expect(channel.request({ kind: 'ping', timeoutMs: 1000 }, { answerWithinMs: 20 })).rejects.toMatchObject({ code: 'agent-timeout' });
    expect(answers).toBe(0);
    channel.receive(reply(idOf(sent[0]!)));
    expect(answers).toBe(1);
    expect(noise).toEqual([`a reply to ${idOf(sent[0]!)}, which is not the request in flight`]);
  });

  it('is idle only with nothing in flight, queued or held', async () => {
    const { channel, answer } = channelWithFakeAgent();
    expect(channel.idle).toBe(true);
    const request = channel.request({ kind: 'ping', timeoutMs: 1000 });
    expect(channel.idle).toBe(false);
    answer();
    await request;
    await settle();
    expect(channel.idle).toBe(true);
    let release!: () => void;
    const save = channel.betweenRequests(() => new Promise<void>((resolve) => (release = resolve)));
    await settle();
    expect(channel.idle).toBe(false);
    release();
    await save;
    expect(channel.idle).toBe(true);
  });
});

describe('AgentChannel requests given up on by a signal', () => {
  it('fails the request in flight when its signal aborts, and sends the next one', async () => {
    const { channel, sent, answer } = channelWithFakeAgent();
    const busy = new AbortController();
    const stuck = channel.request({ kind: 'exec', timeoutMs: 60_000, body: 'collect' }, { signal: busy.signal });
    await settle();
    busy.abort();
    await expect(stuck).rejects.toMatchObject({ code: 'agent-timeout' });
    const next = channel.request({ kind: 'ping', timeoutMs: 1000 });
    await settle();
    expect(sent).toHaveLength(2);
    answer();
    await expect(next).resolves.toMatchObject({ status: 'ok' });
  });
});
