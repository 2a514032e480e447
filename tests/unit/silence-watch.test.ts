/**
 * The page's watch over the emulator's worker (src/vm/worker/silence-watch.ts), on a clock the
 * test moves: silence past the limit counts as stuck; a look that came late (a hidden tab, a
 * sleeping laptop) starts the count again rather than blaming the worker.
 */
import { describe, expect, it } from 'vitest';
import { SilenceWatch } from '../../src/vm/worker/silence-watch.ts';

function watched(limitMs = 10_000, everyMs = 1_000) {
  let now = 0;
  const watch = new SilenceWatch(() => now, limitMs, everyMs);
  /** Looks every `everyMs` for `ms`; the first silence past the limit, if any. */
  const lookFor = (ms: number) => {
    for (let t = 0; t < ms; t += everyMs) {
      now += everyMs;
      const silence = watch.look();
      if (silence !== undefined) return silence;
    }
    return undefined;
  };
  return { watch, lookFor, jump: (ms: number) => (now += ms) };
}

describe('SilenceWatch', () => {
  it('says nothing while the worker is heard, and the silence once it passes the limit', () => {
    const { watch, lookFor } = watched();
    for (let i = 0; i < 30; i++) {
      expect(lookFor(1_000)).toBeUndefined();
      watch.heard();
    }
    expect(lookFor(10_000)).toBeUndefined();
    expect(lookFor(1_000)).toBe(11_000);
  });

  it('counts from a late look again, then from there to the limit', () => {
    const { lookFor, jump, watch } = watched();
    expect(lookFor(5_000)).toBeUndefined();
    jump(120_000); // the page's timers slept for two minutes
    expect(watch.look()).toBeUndefined();
    expect(lookFor(9_000)).toBeUndefined();
    expect(lookFor(2_000)).toBe(11_000);
  });
});
