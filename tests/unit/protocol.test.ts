import { describe, expect, it } from 'vitest';
import { encodeRequest, ReplyParser, type AgentMessage } from '../../src/vm/protocol.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function parse(chunks: Array<string | Uint8Array>): AgentMessage[] {
  const messages: AgentMessage[] = [];
  const parser = new ReplyParser((m) => messages.push(m));
  for (const chunk of chunks) parser.push(typeof chunk === 'string' ? bytes(chunk) : chunk);
  return messages;
}

const reply = (id: string, out: string, err = '', status = 'ok', code = 0) =>
  `\x1eSL1 R ${id} ${status} ${code} 12 ${bytes(out).length} ${bytes(err).length}\n${out}${err}\x1eSL1 E ${id}\n`;

describe('encodeRequest', () => {
  it('writes the header with byte lengths, then namespace, body and stdin', () => {
    const encoded = text(encodeRequest({ kind: 'exec', id: 'r1', timeoutMs: 500, namespace: 'red', body: 'ip -j link', stdin: 'é' }));
    expect(encoded).toBe('\x02SL1 X r1 500 3 10 2\nredip -j linké');
  });

  it('refuses ids and namespaces that would break the header', () => {
    expect(() => encodeRequest({ kind: 'ping', id: 'has space', timeoutMs: 1 })).toThrow(/invalid request id/);
    expect(() => encodeRequest({ kind: 'exec', id: 'r1', timeoutMs: 1, namespace: 'a b' })).toThrow(/invalid namespace/);
    expect(() => encodeRequest({ kind: 'exec', id: 'r1', timeoutMs: 1, body: 'a\0b' })).toThrow(/NUL/);
  });
});

describe('ReplyParser', () => {
  it('parses a reply with stdout and stderr split by their lengths', () => {
    const [m] = parse([reply('r1', 'hello\n', 'warn\n', 'ok', 3)]);
    expect(m).toMatchObject({ type: 'reply', id: 'r1', status: 'ok', exitCode: 3, durationMs: 12 });
    if (m?.type !== 'reply') throw new Error('not a reply');
    expect(text(m.stdout)).toBe('hello\n');
    expect(text(m.stderr)).toBe('warn\n');
  });

  it('parses the reply to a command the host cancelled', () => {
    const [m] = parse([reply('r4', '', 'stacklab-agent: cancelled by the host\n', 'cancelled', 137)]);
    expect(m).toMatchObject({ type: 'reply', id: 'r4', status: 'cancelled', exitCode: 137 });
  });

  it('does not mistake output that contains the framing for the end of a reply', () => {
    const tricky = `\x1eSL1 E r1\n\x1eSL1 R r9 ok 0 1 1 0\nX\x1eSL1 H 5\n`;
    const [m, ...rest] = parse([reply('r1', tricky)]);
    expect(rest).toEqual([]);
    if (m?.type !== 'reply') throw new Error('not a reply');
    expect(text(m.stdout)).toBe(tricky);
  });

  it('gives the same result whatever the chunking, down to single bytes', () => {
    const stream = reply('r1', 'a'.repeat(1000), 'b') + '\x1eSL1 H 42\n' + reply('r2', '');
    const whole = parse([stream]);
    const single = parse(Array.from(bytes(stream), (b) => new Uint8Array([b])));
    expect(single).toEqual(whole);
    expect(whole.map((m) => m.type)).toEqual(['reply', 'hello', 'reply']);
  });

  it('reports noise before a frame and a malformed header, then recovers', () => {
    const messages = parse(['garbage\x1eSL1 R nonsense\n', reply('r3', 'ok')]);
    expect(messages.map((m) => m.type)).toEqual(['noise', 'noise', 'reply']);
    expect(messages[0]).toMatchObject({ reason: '7 bytes outside any frame' });
    expect(messages[1]).toMatchObject({ reason: expect.stringMatching(/malformed frame header/) });
  });

  it('reports a reply whose trailer is wrong as noise, never as a reply', () => {
    const broken = reply('r1', 'out').replace('E r1', 'E r2');
    expect(parse([broken])).toEqual([{ type: 'noise', reason: 'reply r1 ended without its trailer' }]);
  });

  it('yields nothing for a truncated reply', () => {
    const truncated = reply('r1', 'x'.repeat(100)).slice(0, 60);
    expect(parse([truncated])).toEqual([]);
  });

  it('forgets a half-read frame on reset', () => {
    const messages: AgentMessage[] = [];
    const parser = new ReplyParser((m) => messages.push(m));
    parser.push(bytes(reply('r1', 'abcdef').slice(0, 30)));
    parser.reset();
    parser.push(bytes(reply('r2', 'x')));
    expect(messages.map((m) => (m.type === 'reply' ? m.id : m.type))).toEqual(['r2']);
  });
});
