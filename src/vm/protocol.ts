/**
 * The wire format spoken with the guest's stacklab-agent on the second serial port.
 * Pure functions and a byte-at-a-time reply parser, so framing can be tested on
 * recorded bytes. The C side is image/agent/stacklab-agent.c; keep the two in step.
 *
 * request  "\x02SL1 <kind> <id> <timeout_ms> <ns_len> <body_len> <stdin_len>\n" <ns> <body> <stdin>
 * reply    "\x1eSL1 R <id> <status> <exit> <duration_ms> <out_len> <err_len>\n" <out> <err> "\x1eSL1 E <id>\n"
 * hello    "\x1eSL1 H <pid>\n" (sent by every freshly started agent)
 * cancel   the one byte CANCEL_BYTE while a command runs: the agent kills it and everything it
 *          started, and answers with status "cancelled" (an agent that does not know the byte
 *          skips it as noise between requests, and answers as usual)
 */

export type RequestKind = 'exec' | 'ping' | 'clock' | 'window';

const KIND_CODE: Record<RequestKind, string> = { exec: 'X', ping: 'P', clock: 'T', window: 'W' };
const encoder = new TextEncoder();

export interface AgentRequest {
  kind: RequestKind;
  id: string;
  timeoutMs: number;
  namespace?: string;
  body?: string;
  stdin?: Uint8Array | string;
}

/** Encodes a request. Ids are printable and space-free; namespaces are plain names or absolute paths. */
export function encodeRequest(request: AgentRequest): Uint8Array {
  if (!/^[A-Za-z0-9._-]{1,63}$/.test(request.id)) throw new Error(`invalid request id '${request.id}'`);
  const namespace = encoder.encode(request.namespace ?? '');
  if (namespace.length > 255 || /[\s\0]/.test(request.namespace ?? '')) {
    throw new Error(`invalid namespace name '${request.namespace}'`);
  }
  if ((request.body ?? '').includes('\0')) throw new Error('a command cannot contain a NUL byte');
  const body = encoder.encode(request.body ?? '');
  const stdin = typeof request.stdin === 'string' ? encoder.encode(request.stdin) : (request.stdin ?? new Uint8Array());
  const header = encoder.encode(
    `\x02SL1 ${KIND_CODE[request.kind]} ${request.id} ${Math.max(1, Math.round(request.timeoutMs))} ` +
      `${namespace.length} ${body.length} ${stdin.length}\n`,
  );
  const out = new Uint8Array(header.length + namespace.length + body.length + stdin.length);
  out.set(header, 0);
  out.set(namespace, header.length);
  out.set(body, header.length + namespace.length);
  out.set(stdin, header.length + namespace.length + body.length);
  return out;
}

export type ReplyStatus = 'ok' | 'timeout' | 'cancelled' | 'error';

/** Sent while a command runs, to have the agent stop it (see the header). */
export const CANCEL_BYTE = 0x18;

export interface AgentReply {
  type: 'reply';
  id: string;
  status: ReplyStatus;
  exitCode: number;
  durationMs: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

export interface AgentHello {
  type: 'hello';
  pid: number;
}

/** Bytes the parser could not place in a frame: reported, never silently turned into a reply. */
export interface ProtocolNoise {
  type: 'noise';
  reason: string;
}

export type AgentMessage = AgentReply | AgentHello | ProtocolNoise;

const MARKER = encoder.encode('\x1eSL1 ');
const MAX_HEADER = 256;
const decoder = new TextDecoder();

/**
 * Incremental parser for the agent's output. Feed it bytes in any chunking; it calls
 * `onMessage` for every complete frame. Work per byte is constant, so a large reply
 * costs linear time.
 */
export class ReplyParser {
  private state: 'seek' | 'header' | 'payload' | 'trailer' = 'seek';
  private matched = 0;
  private line: number[] = [];
  private pending?: Omit<AgentReply, 'stdout' | 'stderr'> & { outLen: number; payload: Uint8Array };
  private filled = 0;
  private skipped = 0;

  constructor(private readonly onMessage: (message: AgentMessage) => void) {}

  /** Forgets any half-read frame (after the guest was restored from a state). */
  reset(): void {
    this.state = 'seek';
    this.matched = 0;
    this.line = [];
    this.pending = undefined;
    this.skipped = 0;
  }

  push(bytes: Uint8Array | number[]): void {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      switch (this.state) {
        case 'seek':
          this.seek(byte);
          break;
        case 'header':
        case 'trailer':
          if (byte === 0x0a) this.endOfLine();
          else if (this.line.length >= MAX_HEADER) this.resync('an over-long frame header');
          else this.line.push(byte);
          break;
        case 'payload': {
          const pending = this.pending!;
          const take = Math.min(pending.payload.length - this.filled, bytes.length - i);
          pending.payload.set(bytes.slice(i, i + take), this.filled);
          this.filled += take;
          i += take - 1;
          if (this.filled === pending.payload.length) {
            this.state = 'trailer';
            this.line = [];
          }
          break;
        }
      }
    }
  }

  private seek(byte: number): void {
    if (byte === MARKER[this.matched]) {
      this.matched++;
      if (this.matched === MARKER.length) {
        if (this.skipped > 0) this.onMessage({ type: 'noise', reason: `${this.skipped} bytes outside any frame` });
        this.skipped = 0;
        this.matched = 0;
        this.state = 'header';
        this.line = [];
      }
      return;
    }
    this.skipped += this.matched + (byte === MARKER[0] ? 0 : 1);
    this.matched = byte === MARKER[0] ? 1 : 0;
  }

  private endOfLine(): void {
    const text = decoder.decode(new Uint8Array(this.line));
    if (this.state === 'trailer') {
      const expected = `\x1eSL1 E ${this.pending!.id}`;
      const pending = this.pending!;
      this.state = 'seek';
      this.pending = undefined;
      if (text !== expected) {
        this.onMessage({ type: 'noise', reason: `reply ${pending.id} ended without its trailer` });
        return;
      }
      this.onMessage({
        type: 'reply',
        id: pending.id,
        status: pending.status,
        exitCode: pending.exitCode,
        durationMs: pending.durationMs,
        stdout: pending.payload.slice(0, pending.outLen),
        stderr: pending.payload.slice(pending.outLen),
      });
      return;
    }
    const hello = /^H (\d+)$/.exec(text);
    if (hello) {
      this.state = 'seek';
      this.onMessage({ type: 'hello', pid: Number(hello[1]) });
      return;
    }
    const reply = /^R (\S+) (ok|timeout|cancelled|error) (-?\d+) (\d+) (\d+) (\d+)$/.exec(text);
    if (!reply) {
      this.resync(`a malformed frame header '${text.slice(0, 80)}'`);
      return;
    }
    const outLen = Number(reply[5]);
    const errLen = Number(reply[6]);
    this.pending = {
      type: 'reply',
      id: reply[1]!,
      status: reply[2] as ReplyStatus,
      exitCode: Number(reply[3]),
      durationMs: Number(reply[4]),
      outLen,
      payload: new Uint8Array(outLen + errLen),
    };
    this.filled = 0;
    this.line = [];
    this.state = outLen + errLen > 0 ? 'payload' : 'trailer';
  }

  private resync(reason: string): void {
    this.state = 'seek';
    this.pending = undefined;
    this.line = [];
    this.onMessage({ type: 'noise', reason });
  }
}
