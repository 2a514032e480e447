/**
 * Tells a stuck emulator's worker from a quiet one. Once its code has loaded, the worker says it
 * is alive every HEARTBEAT_EVERY_MS (machine-worker.ts), whatever the guest does; the page's
 * WorkerMachine looks every CHECK_EVERY_MS from then on at how long it has heard nothing. A
 * thread stuck in one long task (the emulator in a loop it never leaves) stops the heartbeat
 * and every other message, and after SILENCE_LIMIT_MS the page ends the worker and says so,
 * instead of leaving each call to its own timeout and the terminal silent.
 *
 * The page's own look may come late: a hidden tab's timers are slowed, a laptop sleeps. Then
 * the silence says nothing about the worker, so the count starts again from that look.
 */

/** How often the worker says it is alive. */
export const HEARTBEAT_EVERY_MS = 1_000;
/** How often the page looks. */
export const CHECK_EVERY_MS = 1_000;
/** How long a worker may say nothing before it counts as stuck: far above its longest task (a restore, 0.5-2 s). */
export const SILENCE_LIMIT_MS = 10_000;

export class SilenceWatch {
  private lastHeard: number;
  private lastLook: number;

  constructor(
    private readonly now: () => number,
    private readonly limitMs = SILENCE_LIMIT_MS,
    private readonly everyMs = CHECK_EVERY_MS,
  ) {
    this.lastHeard = this.lastLook = now();
  }

  /** The worker said something. */
  heard(): void {
    this.lastHeard = this.now();
  }

  /** The page's periodic look: the silence so far, if it is past the limit; undefined otherwise. */
  look(): number | undefined {
    const now = this.now();
    const late = now - this.lastLook > 2 * this.everyMs + 1_000;
    this.lastLook = now;
    if (late) {
      // The page was not looking (a hidden tab, a sleeping machine): count from here.
      this.lastHeard = Math.max(this.lastHeard, now - this.everyMs);
      return undefined;
    }
    const silence = now - this.lastHeard;
    return silence > this.limitMs ? silence : undefined;
  }
}
