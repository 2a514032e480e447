/** When the topology panel reads the VM again: the pure decisions, and the loop that runs one refresh at a time on them. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  delayAfterOutput,
  delayAfterRefresh,
  IDLE_POLL_MS,
  MIN_GAP_MS,
  NEVER,
  OUTPUT_MAX_WAIT_MS,
  OUTPUT_SETTLE_MS,
  pollDelay,
  RefreshLoop,
  RETRY_MS,
  POLL_MS,
} from '../../src/topology/refresh-schedule.ts';

const T = 1_000_000;

describe('the refresh schedule', () => {
  it('polls often while the terminal is at work and less once it is quiet', () => {
    expect(pollDelay({ ...NEVER, lastActivity: T - 1000 }, T)).toBe(POLL_MS);
    expect(pollDelay({ ...NEVER, lastActivity: T - 60_000 }, T)).toBe(IDLE_POLL_MS);
    expect(pollDelay(NEVER, T)).toBe(IDLE_POLL_MS);
  });

  it('reads soon after output pauses, but not sooner than MIN_GAP_MS after the last read ended', () => {
    expect(delayAfterOutput({ ...NEVER, lastStart: T - 100, lastEnd: T - 5000 }, T, false)).toBe(OUTPUT_SETTLE_MS);
    expect(delayAfterOutput({ ...NEVER, lastStart: T - 100, lastEnd: T - 10 }, T, false)).toBe(MIN_GAP_MS - 10);
  });

  it('leaves the timer alone while a read runs, or once output has pushed the read back for OUTPUT_MAX_WAIT_MS', () => {
    expect(delayAfterOutput({ ...NEVER, lastStart: T - 100 }, T, true)).toBeUndefined();
    expect(delayAfterOutput({ ...NEVER, lastStart: T - OUTPUT_MAX_WAIT_MS }, T, false)).toBeUndefined();
  });

  it('after a read: RETRY_MS when it failed, at once when output came during it, else the regular pause', () => {
    const quiet = { lastActivity: T - 60_000, lastStart: T - 300, lastEnd: T };
    expect(delayAfterRefresh(quiet, T, true)).toBe(RETRY_MS);
    expect(delayAfterRefresh({ ...quiet, lastActivity: T - 100 }, T, false)).toBe(0);
    expect(delayAfterRefresh(quiet, T, false)).toBe(IDLE_POLL_MS);
  });
});

/** A loop on fake timers whose refresh counts its runs and answers `ok`. */
function countingLoop(ok: boolean) {
  vi.useFakeTimers({ now: T });
  const counted = { runs: 0 };
  const loop = new RefreshLoop({ refresh: async () => (counted.runs++, ok), mayRun: () => true, now: () => Date.now() });
  return { loop, counted };
}

describe('RefreshLoop', () => {
  afterEach(() => vi.useRealTimers());

  it('runs a refresh when woken, keeps polling on the schedule, and stops', async () => {
    const { loop, counted } = countingLoop(true);
    loop.wake(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(counted.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    expect(counted.runs).toBe(2);
    loop.stop();
    await vi.advanceTimersByTimeAsync(10 * IDLE_POLL_MS);
    expect(counted.runs).toBe(2);
  });

  it('never runs two refreshes at once, and reads again at once when output came during a read', async () => {
    vi.useFakeTimers({ now: T });
    let inFlight = 0;
    let most = 0;
    let runs = 0;
    let finish: (() => void) | undefined;
    const loop = new RefreshLoop({
      refresh: () => {
        runs++;
        most = Math.max(most, ++inFlight);
        return new Promise<boolean>((resolve) => (finish = () => (inFlight--, resolve(true))));
      },
      mayRun: () => true,
      now: () => Date.now(),
    });
    loop.wake(0);
    await vi.advanceTimersByTimeAsync(0);
    loop.wake(0); // asked again while reading: held
    await vi.advanceTimersByTimeAsync(10);
    loop.output(); // the terminal printed meanwhile
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(1);
    finish!();
    await vi.advanceTimersByTimeAsync(1); // well before the regular pause (POLL_MS)
    expect(runs).toBe(2);
    expect(most).toBe(1);
    loop.stop();
  });

  it('asks the VM for nothing while it may not run, and says so', async () => {
    vi.useFakeTimers({ now: T });
    let runs = 0;
    let held = 0;
    const loop = new RefreshLoop({ refresh: async () => (runs++, true), mayRun: () => false, onHeld: () => held++, now: () => Date.now() });
    loop.wake(0);
    loop.wake();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(0);
    expect(held).toBe(2);
  });

  it('waits RETRY_MS after a failed read', async () => {
    const { loop, counted } = countingLoop(false);
    loop.wake(0);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(RETRY_MS - 1);
    expect(counted.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(counted.runs).toBe(2);
    loop.stop();
  });
});
