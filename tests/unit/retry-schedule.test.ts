import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retrySchedule } from '../../src/lib/exam-server/retry-schedule.ts';

describe('retrySchedule: when a failed upload is tried again', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('waits the first delay, then twice as long after each failure, up to the cap', () => {
    const retry = retrySchedule(5_000, 30_000);
    const runs: number[] = [];
    const waits: number[] = [];
    for (let failure = 0; failure < 5; failure++) {
      retry.after(() => runs.push(Date.now()));
      waits.push(retry.pending()!);
      vi.advanceTimersByTime(retry.pending()!);
    }
    expect(waits).toEqual([5_000, 10_000, 20_000, 30_000, 30_000]);
    expect(runs).toHaveLength(5);
  });

  it('keeps one try waiting, however many uploads fail meanwhile', () => {
    const retry = retrySchedule(5_000, 60_000);
    const run = vi.fn();
    retry.after(run);
    vi.advanceTimersByTime(2_000);
    retry.after(run);
    expect(retry.pending()).toBe(3_000);
    vi.advanceTimersByTime(3_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(retry.pending()).toBeUndefined();
  });

  it('starts from the first delay again once an upload succeeds', () => {
    const retry = retrySchedule(5_000, 60_000);
    retry.after(() => {});
    vi.advanceTimersByTime(5_000);
    retry.after(() => {});
    expect(retry.pending()).toBe(10_000);
    retry.cancel();
    retry.succeeded();
    retry.after(() => {});
    expect(retry.pending()).toBe(5_000);
  });

  it('runs nothing once cancelled (the tab stepped aside, the bundle was submitted)', () => {
    const retry = retrySchedule(5_000, 60_000);
    const run = vi.fn();
    retry.after(run);
    retry.cancel();
    vi.advanceTimersByTime(120_000);
    expect(run).not.toHaveBeenCalled();
    expect(retry.pending()).toBeUndefined();
  });
});
