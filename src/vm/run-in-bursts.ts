/**
 * Running the emulator in bursts of a few milliseconds instead of one.
 *
 * v86 runs the guest for about a millisecond, then gives the page's thread back and asks to
 * be called again. In a browser it asks through a Web Worker: a message to the worker and
 * one back for every millisecond of guest time. A profile of Checks in chromium showed that
 * hand-over costing about a third of the time the guest ran. Here, when the guest is busy,
 * the emulator runs slice after slice for up to BURST_MS before it lets the page run, and
 * hands over through a MessageChannel on the page's own thread. When the guest is idle
 * (waiting for a timer), v86's own scheduling is used, unchanged.
 */
import type { V86 } from 'v86';

/** How long the emulator may keep the page's thread: well under a frame, so typing and scrolling stay smooth. */
export const BURST_MS = 4;

interface EmulatorLoop {
  yield(waitMs: number, tick: number): void;
  yield_callback(tick: number): void;
}

/** Makes `emulator` run in bursts; returns a function that stops doing so, or undefined when this v86 cannot. */
export function runInBursts(emulator: V86, burstMs = BURST_MS): (() => void) | undefined {
  const loop = (emulator as unknown as { v86?: Partial<EmulatorLoop> }).v86;
  if (typeof loop?.yield !== 'function' || typeof loop.yield_callback !== 'function' || typeof MessageChannel === 'undefined') return undefined;
  const emulatorLoop = loop as EmulatorLoop;
  const ownYield = emulatorLoop.yield;
  const channel = new MessageChannel();
  let burstEnds = 0;
  let inBurst = false;
  /** The tick v86 asked to run next, during a burst. */
  let nextInBurst: number | undefined;
  /** The tick a posted message will run. */
  let posted: number | undefined;

  const burst = (tick: number) => {
    inBurst = true;
    burstEnds = performance.now() + burstMs;
    try {
      for (let next: number | undefined = tick; next !== undefined; ) {
        nextInBurst = undefined;
        emulatorLoop.yield_callback(next);
        next = nextInBurst;
      }
    } finally {
      inBurst = false;
    }
  };
  channel.port1.onmessage = () => {
    const tick = posted;
    posted = undefined;
    if (tick !== undefined) burst(tick);
  };
  emulatorLoop.yield = function (waitMs: number, tick: number) {
    if (waitMs >= 1) return ownYield.call(this, waitMs, tick);
    if (inBurst && performance.now() < burstEnds) {
      nextInBurst = tick;
      return;
    }
    if (posted === undefined) channel.port2.postMessage(null);
    posted = tick;
  };
  return () => {
    emulatorLoop.yield = ownYield;
    channel.port1.onmessage = null;
    channel.port1.close();
  };
}
