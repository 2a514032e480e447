import { describe, expect, it } from 'vitest';
import type { V86 } from 'v86';
import { runInBursts } from '../../src/vm/run-in-bursts.ts';

/**
 * A stand-in for v86's main loop: each tick runs one "slice" of `sliceMs` of busy work, then
 * asks to be called again through yield(waitMs, tick), as v86 does.
 */
function fakeEmulator(sliceMs: number, waitAfter: (slice: number) => number, onSlice = () => {}) {
  const log: Array<{ slice: number; at: number }> = [];
  const ownYields: number[] = [];
  let tickCounter = 0;
  const loop = {
    yield(waitMs: number, tick: number) {
      ownYields.push(waitMs);
      setTimeout(() => loop.yield_callback(tick), waitMs);
    },
    yield_callback(tick: number) {
      if (tick !== tickCounter) return;
      const slice = log.length;
      const until = performance.now() + sliceMs;
      while (performance.now() < until);
      log.push({ slice, at: performance.now() });
      onSlice();
      loop.yield(waitAfter(slice), ++tickCounter);
    },
  };
  const start = () => loop.yield(0, ++tickCounter);
  return { emulator: { v86: loop } as unknown as V86, log, ownYields, start };
}

/**
 * How many slices ran in each task the event loop ran: a microtask runs as soon as the task
 * that queued it ends, so slices that see the same marker ran in one go.
 */
function countSlicesPerTask() {
  const perTask: number[] = [];
  let inTask = false;
  const onSlice = () => {
    if (!inTask) {
      inTask = true;
      perTask.push(0);
      queueMicrotask(() => (inTask = false));
    }
    perTask[perTask.length - 1]! += 1;
  };
  return { perTask, onSlice };
}

describe('runInBursts', () => {
  it('runs busy slices back to back for up to the burst time before the page gets a turn', async () => {
    const { perTask, onSlice } = countSlicesPerTask();
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    // 40 busy slices of 1 ms, then a long wait for a timer.
    const { emulator, start } = fakeEmulator(1, (slice) => (slice < 39 ? 0 : 60_000), () => {
      onSlice();
      if (perTask.reduce((a, b) => a + b, 0) === 40) done();
    });
    const stop = runInBursts(emulator, 5)!;
    start();
    await finished;
    stop();
    expect(Math.max(...perTask)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...perTask)).toBeLessThanOrEqual(7);
    expect(perTask.length).toBeGreaterThanOrEqual(6);
  });

  it('runs one slice per task without it, as v86 does', async () => {
    const { perTask, onSlice } = countSlicesPerTask();
    const { log, start } = fakeEmulator(1, () => 0, onSlice);
    start();
    while (log.length < 20) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(Math.max(...perTask)).toBe(1);
  });

  it("leaves waits for a timer to v86's own scheduling", async () => {
    const { emulator, log, ownYields, start } = fakeEmulator(0.2, (slice) => (slice % 2 ? 3 : 0));
    const stop = runInBursts(emulator, 5)!;
    start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    stop();
    expect(log.length).toBeGreaterThan(4);
    // Only the 3 ms waits reach v86's own yield (the first call is the fake's own start).
    expect(ownYields.slice(1).every((ms) => ms === 3)).toBe(true);
    expect(ownYields.length).toBeGreaterThan(2);
  });

  it('gives the loop back to v86 when stopped', async () => {
    const { emulator, log, ownYields, start } = fakeEmulator(0.2, () => 0);
    const stop = runInBursts(emulator, 5)!;
    stop();
    start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.length).toBeGreaterThan(0);
    expect(ownYields.length).toBe(log.length + 1);
  });

  it('does nothing to an emulator without that loop', () => {
    expect(runInBursts({} as V86)).toBeUndefined();
  });
});
