import { afterEach, describe, expect, it, vi } from 'vitest';
import { FRAME_MS, PeekRelay, SNAPSHOT_CHARS, type FrameOutcome, type PeekFrameOut, type TerminalSource } from '../../src/lib/classroom/peek-relay.ts';
import { parseSse } from '../../src/lib/classroom/sse.ts';

const encode = (text: string) => new TextEncoder().encode(text);

/** A terminal that counts its listeners and can print. */
function fakeTerminal(history = 'root@stacklab:~# ') {
  const listeners = new Set<(bytes: Uint8Array) => void>();
  const source: TerminalSource = {
    history: () => encode(history),
    onOutput: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { source, listeners, print: (text: string) => listeners.forEach((l) => l(encode(text))) };
}

afterEach(() => vi.useRealTimers());

describe('the peek relay', () => {
  it('sends nothing and does not even listen before start, nor after stop', async () => {
    vi.useFakeTimers();
    const sent: PeekFrameOut[] = [];
    const relay = new PeekRelay(async (frame) => (sent.push(frame), 'ok'));
    const terminal = fakeTerminal();
    terminal.print('typed before consent\r\n');
    await vi.advanceTimersByTimeAsync(1000);
    expect(terminal.listeners.size).toBe(0);
    expect(sent).toEqual([]);

    relay.start(terminal.source);
    expect(terminal.listeners.size).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    terminal.print('ip netns add red');
    terminal.print('\r\n');
    await vi.advanceTimersByTimeAsync(FRAME_MS + 10);
    expect(sent).toEqual([
      { data: 'root@stacklab:~# ', reset: true },
      { data: 'ip netns add red\r\n', reset: false },
    ]);

    terminal.print('half a frame');
    relay.stop();
    expect(terminal.listeners.size).toBe(0);
    terminal.print('typed after stop\r\n');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((f) => f.data).join('')).not.toMatch(/before consent|half a frame|after stop/);
  });

  it('stops by itself when the server says the peek is over, and keeps frames through a retry', async () => {
    vi.useFakeTimers();
    const outcomes: FrameOutcome[] = ['ok', 'retry', 'ok', 'over'];
    const sent: string[] = [];
    let over = 0;
    const relay = new PeekRelay(
      async (frame) => {
        const outcome = outcomes.shift() ?? 'ok';
        if (outcome === 'ok') sent.push(frame.data);
        return outcome;
      },
      () => over++,
    );
    const terminal = fakeTerminal('$ ');
    relay.start(terminal.source);
    await vi.advanceTimersByTimeAsync(0);
    terminal.print('one');
    await vi.advanceTimersByTimeAsync(FRAME_MS + 10); // refused with retry: kept
    terminal.print(' two');
    await vi.advanceTimersByTimeAsync(1100);
    expect(sent).toEqual(['$ ', 'one two']); // the refused frame went again, with what came meanwhile
    terminal.print('three');
    await vi.advanceTimersByTimeAsync(FRAME_MS + 10);
    expect(over).toBe(1);
    expect(relay.active).toBe(false);
    expect(terminal.listeners.size).toBe(0);
  });

  it('sends only the tail of a long history as the screen', async () => {
    vi.useFakeTimers();
    const sent: PeekFrameOut[] = [];
    const relay = new PeekRelay(async (frame) => (sent.push(frame), 'ok'));
    relay.start(fakeTerminal('x'.repeat(SNAPSHOT_CHARS * 3) + 'END').source);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent[0]!.data.length).toBe(SNAPSHOT_CHARS);
    expect(sent[0]!.data.endsWith('END')).toBe(true);
    relay.stop();
  });
});

describe('the peek relay and the terminal size', () => {
  it('sends the size with the screen, and again only when it changes', async () => {
    vi.useFakeTimers();
    const sent: PeekFrameOut[] = [];
    const relay = new PeekRelay(async (frame) => (sent.push({ ...frame }), 'ok'));
    const terminal = fakeTerminal('$ ');
    let size = { rows: 30, cols: 80 };
    relay.start({ ...terminal.source, size: () => size });
    await vi.advanceTimersByTimeAsync(0);
    terminal.print('ls');
    await vi.advanceTimersByTimeAsync(FRAME_MS + 10);
    size = { rows: 30, cols: 120 };
    terminal.print('\r\n');
    await vi.advanceTimersByTimeAsync(FRAME_MS + 10);
    expect(sent).toEqual([
      { data: '$ ', reset: true, rows: 30, cols: 80 },
      { data: 'ls', reset: false },
      { data: '\r\n', reset: false, rows: 30, cols: 120 },
    ]);
    relay.stop();
  });
});

describe('the SSE parser of the learner stream', () => {
  it('reads ids, multi-line data and retry, and keeps an unfinished event for the next chunk', () => {
    const events: Array<{ id?: string; data: string; retry?: number }> = [];
    const rest = parseSse('retry: 2000\n\n: keep-alive\n\nid: 7\ndata: {"a":\ndata: 1}\n\nid: 8\ndata: par', (e) => events.push(e));
    expect(events).toEqual([
      { id: undefined, data: '', retry: 2000 },
      { id: '7', data: '{"a":\n1}', retry: undefined },
    ]);
    expect(rest).toBe('id: 8\ndata: par');
    parseSse(`${rest}tial\r\n\r\n`, (e) => events.push(e));
    expect(events.at(-1)).toEqual({ id: '8', data: 'partial', retry: undefined });
  });
});
