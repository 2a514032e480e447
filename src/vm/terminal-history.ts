/** The learner terminal's recent output, so a terminal attached later can show it. */
export const TERMINAL_HISTORY_BYTES = 256 * 1024;

export class TerminalHistory {
  private chunks: Uint8Array[] = [];
  private bytes = 0;

  constructor(private readonly limitBytes = TERMINAL_HISTORY_BYTES) {}

  /** Keeps `chunk`, dropping the oldest chunks beyond the limit (the newest is always kept). */
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes > this.limitBytes && this.chunks.length > 1) this.bytes -= this.chunks.shift()!.length;
  }

  clear(): void {
    this.chunks = [];
    this.bytes = 0;
  }

  /** Everything kept, as one array. */
  contents(): Uint8Array {
    const all = new Uint8Array(this.bytes);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }
}
