/**
 * Relays the learner's terminal output to the instructor during a peek the learner accepted,
 * and nothing at any other time: it subscribes to the terminal only in `start` and drops the
 * subscription and anything unsent in `stop`. The first frame is the screen so far (the recent
 * output the terminal keeps), marked `reset`; then output goes in frames at most every
 * FRAME_MS. A frame the server refuses (the peek ended elsewhere) stops the relay.
 *
 * @example
 * const relay = new PeekRelay((frame) => postPeekFrame(membership, peekId, frame), () => showEnded());
 * relay.start(terminalSource);   // only after the learner pressed Accept
 * relay.stop();                  // the learner pressed Stop, or the instructor ended it
 */

export interface TerminalSource {
  /** The recent output, as the terminal shows it on attach. */
  history(): Uint8Array;
  /** Calls back with each chunk of output; returns the unsubscribe. */
  onOutput(listener: (bytes: Uint8Array) => void): () => void;
  /** The terminal's size, if known, so the copy wraps lines where the learner's does. */
  size?(): { rows: number; cols: number } | undefined;
}

export interface PeekFrameOut {
  data: string;
  reset: boolean;
  rows?: number;
  cols?: number;
}

/** 'ok', 'retry' (network, rate limit) or 'over' (the server refused: the peek is not active). */
export type FrameOutcome = 'ok' | 'retry' | 'over';

export const FRAME_MS = 100;
/** The screen so far: the tail of the recent output, within the server's frame limit. */
export const SNAPSHOT_CHARS = 24 * 1024;
const FRAME_CHARS = 16 * 1024;

export class PeekRelay {
  private detach?: () => void;
  private decoder = new TextDecoder();
  private pending: PeekFrameOut[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private sending = false;
  private source?: TerminalSource;
  private sentSize = '';

  constructor(
    private readonly post: (frame: PeekFrameOut) => Promise<FrameOutcome>,
    private readonly onOver: () => void = () => {},
  ) {}

  get active(): boolean {
    return this.detach !== undefined;
  }

  start(source: TerminalSource): void {
    this.stop();
    this.source = source;
    this.sentSize = '';
    this.decoder = new TextDecoder();
    const screen = this.decoder.decode(source.history(), { stream: true }).slice(-SNAPSHOT_CHARS);
    this.pending.push({ data: screen || ' ', reset: true });
    this.detach = source.onOutput((bytes) => this.add(this.decoder.decode(bytes, { stream: true })));
    this.schedule(0);
  }

  /** Switches to another terminal (the VM was replaced): its screen goes as a new reset frame. */
  restart(source: TerminalSource): void {
    if (this.active) this.start(source);
  }

  stop(): void {
    this.detach?.();
    this.detach = undefined;
    this.pending = [];
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private add(text: string): void {
    if (!text) return;
    const last = this.pending.at(-1);
    if (last && !last.reset && last.data.length + text.length <= FRAME_CHARS) last.data += text;
    else for (let i = 0; i < text.length; i += FRAME_CHARS) this.pending.push({ data: text.slice(i, i + FRAME_CHARS), reset: false });
    this.schedule(FRAME_MS);
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined || !this.active) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, delay);
  }

  private async send(): Promise<void> {
    if (this.sending) return this.schedule(FRAME_MS);
    this.sending = true;
    try {
      while (this.active && this.pending.length > 0) {
        // Taken off the list while in flight, so output arriving meanwhile goes into the next frame.
        const frame = this.pending.shift()!;
        const size = this.source?.size?.();
        if (size && (frame.reset || `${size.rows}x${size.cols}` !== this.sentSize)) Object.assign(frame, size);
        const outcome = await this.post(frame);
        if (!this.active) return;
        if (outcome === 'over') {
          this.stop();
          this.onOver();
          return;
        }
        if (outcome === 'ok' && frame.cols !== undefined) this.sentSize = `${frame.rows}x${frame.cols}`;
        if (outcome === 'retry') {
          this.pending.unshift(frame);
          return this.schedule(1000);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
