/**
 * When the topology panel reads the VM again: soon after the terminal's output pauses (a
 * command has printed its prompt), every POLL_MS while the terminal is at work, every
 * IDLE_POLL_MS once it has been quiet, RETRY_MS after a failed read, at once when output came
 * during a read. The decisions are pure functions of a few times (tested in
 * tests/unit/topology-schedule.test.ts); RefreshLoop owns the one timer and runs the panel's
 * refresh when they say so, never two at a time. No DOM, no VM: the panel says when it may
 * run (open, on screen, page visible, VM ready) and what a refresh is.
 *
 * @example
 * const loop = new RefreshLoop({ refresh: () => panel.refresh(), mayRun: () => panel.active });
 * machine.on('terminal-output', () => loop.output());
 * loop.wake(0); // read now, then keep reading on the schedule
 */

/** Pause between refreshes while the learner is at work; a change shows within about this plus one collection. */
export const POLL_MS = 500;
/** A refresh comes this long after the terminal's output pauses (a command has printed its prompt)... */
export const OUTPUT_SETTLE_MS = 120;
/** ...but never sooner than this after the last refresh ended, and output that keeps flowing delays it at most OUTPUT_MAX_WAIT_MS. */
export const MIN_GAP_MS = 200;
export const OUTPUT_MAX_WAIT_MS = 1000;
/** The terminal counts as at work this long after its last output (typing echoes, so typing counts). */
export const ACTIVE_MS = 5000;
/** Pause between refreshes when the terminal has been quiet: changes come from the terminal. */
export const IDLE_POLL_MS = 1000;
/** After a failed refresh, wait longer before the next. */
export const RETRY_MS = 3000;

/** The times the schedule decides from (epoch ms; 0 for never). */
export interface ScheduleTimes {
  /** The terminal's last output. */
  lastActivity: number;
  /** When the last refresh started, and ended. */
  lastStart: number;
  lastEnd: number;
}

export const NEVER: ScheduleTimes = { lastActivity: 0, lastStart: 0, lastEnd: 0 };

/** The pause before the next regular refresh: short while the terminal is at work, longer once it is quiet. */
export function pollDelay(times: ScheduleTimes, now: number): number {
  return now - times.lastActivity < ACTIVE_MS ? POLL_MS : IDLE_POLL_MS;
}

/**
 * The terminal printed at `now`: the delay to read after, or undefined to leave the timer as
 * it is (a refresh runs, or output has been pushing the refresh back for OUTPUT_MAX_WAIT_MS).
 */
export function delayAfterOutput(times: ScheduleTimes, now: number, running: boolean): number | undefined {
  if (running || now - times.lastStart >= OUTPUT_MAX_WAIT_MS) return undefined;
  return Math.max(OUTPUT_SETTLE_MS, times.lastEnd + MIN_GAP_MS - now);
}

/** A refresh ended: RETRY_MS after a failure, at once when output came while it read, else the regular pause. */
export function delayAfterRefresh(times: ScheduleTimes, now: number, failed: boolean): number {
  if (failed) return RETRY_MS;
  if (times.lastActivity > times.lastStart) return 0;
  return pollDelay(times, now);
}

export interface RefreshLoopOptions {
  /** One read of the VM; resolves false when it failed. */
  refresh: () => Promise<boolean>;
  /** Whether reading is worth the VM's time now. */
  mayRun: () => boolean;
  /** Told when a wake found it may not run (the panel says why). */
  onHeld?: () => void;
  now?: () => number;
}

export class RefreshLoop {
  private times: ScheduleTimes = { ...NEVER };
  private running = false;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly now: () => number;

  constructor(private readonly options: RefreshLoopOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The terminal printed something. */
  output(): void {
    const now = this.now();
    this.times.lastActivity = now;
    const delay = delayAfterOutput(this.times, now, this.running);
    if (delay !== undefined) this.wake(delay);
  }

  /** Schedules the next refresh after `delay` ms (the regular pause by default), replacing any pending one. */
  wake(delay = pollDelay(this.times, this.now())): void {
    clearTimeout(this.timer);
    if (!this.options.mayRun() || this.running) return this.options.onHeld?.();
    this.timer = setTimeout(() => void this.run(), delay);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    if (!this.options.mayRun()) return;
    this.running = true;
    this.times.lastStart = this.now();
    let ok = false;
    try {
      ok = await this.options.refresh();
    } finally {
      this.running = false;
      this.times.lastEnd = this.now();
    }
    this.wake(delayAfterRefresh(this.times, this.now(), !ok));
  }
}
