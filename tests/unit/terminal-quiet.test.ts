/**
 * The wait for a pause in the learner's work (src/lib/terminal-quiet.ts), on vitest's clock:
 * it ends once the terminal has printed nothing for the quiet time, each output starts that
 * time again, and a learner who never pauses still gets it ended at the upper bound; it stops
 * listening once ended.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenTerminalQuiet } from '../../src/lib/terminal-quiet.ts';
import { Emitter } from '../../src/vm/emitter.ts';

type TerminalEvents = { 'terminal-output': Uint8Array };

function terminal() {
  const emitter = new Emitter<TerminalEvents>();
  const listeners = () => (emitter as unknown as { listeners: { 'terminal-output'?: Set<unknown> } }).listeners['terminal-output']?.size ?? 0;
  return { machine: { on: emitter.on.bind(emitter) } as never, print: () => emitter.emit('terminal-output', new Uint8Array([0x41])), listeners };
}

/** Whether the wait has ended after the clock moved `ms`. */
async function endedAfter(wait: Promise<void>, ms: number): Promise<boolean> {
  let ended = false;
  void wait.then(() => (ended = true));
  await vi.advanceTimersByTimeAsync(ms);
  return ended;
}

describe('whenTerminalQuiet', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends once the terminal has printed nothing for the quiet time', async () => {
    const { machine } = terminal();
    const wait = whenTerminalQuiet(machine, { quietMs: 5_000, atMostMs: 60_000 });
    expect(await endedAfter(wait, 4_999)).toBe(false);
    expect(await endedAfter(wait, 1)).toBe(true);
  });

  it('starts the quiet time again at each output: typing echoes, so a learner at work holds it', async () => {
    const { machine, print } = terminal();
    const wait = whenTerminalQuiet(machine, { quietMs: 5_000, atMostMs: 60_000 });
    for (let second = 0; second < 20; second++) {
      expect(await endedAfter(wait, 1_000)).toBe(false);
      print();
    }
    expect(await endedAfter(wait, 4_999)).toBe(false);
    expect(await endedAfter(wait, 1)).toBe(true);
  });

  it('ends at the upper bound for a learner who never pauses, and stops listening', async () => {
    const { machine, print, listeners } = terminal();
    const wait = whenTerminalQuiet(machine, { quietMs: 5_000, atMostMs: 30_000 });
    expect(listeners()).toBe(1);
    let ended = false;
    void wait.then(() => (ended = true));
    for (let second = 0; second < 29; second++) {
      await vi.advanceTimersByTimeAsync(1_000);
      print();
    }
    expect(ended).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ended).toBe(true);
    expect(listeners()).toBe(0);
  });
});
