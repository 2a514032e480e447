/**
 * The exam countdown: time left from a fixed deadline (never from counted ticks, so a
 * throttled background tab or a reload cannot stretch it), how it reads, and when to warn.
 * Pure functions; src/elements/exam.ts calls them on every tick.
 *
 * @example
 * formatRemaining(125_400) // '2:06' (seconds round up: 0:00 only when the time is over)
 * dueWarning(4 * 60_000, 30, new Set()) // { minutes: 5, covers: [15, 5], message: '5 minutes left. …' }
 */

/** Minutes left at which the candidate is warned, longest first. */
export const WARNING_MINUTES = [15, 5] as const;

const MINUTE = 60_000;

/** Milliseconds left until `deadline` (epoch ms) at `now`; never negative. */
export function remainingMs(deadline: number, now: number): number {
  return Math.max(0, deadline - now);
}

/** m:ss, or h:mm:ss from an hour up; seconds round up, so 0:00 shows only once time is over. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A duration in words: "12 minutes 5 seconds", "1 minute", "30 seconds". */
export function formatDuration(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts = [minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : '', seconds > 0 || minutes === 0 ? `${seconds} second${seconds === 1 ? '' : 's'}` : ''];
  return parts.filter(Boolean).join(' ');
}

/** The time left in words, for the timer's accessible label: "12 minutes 5 seconds left". */
export const describeRemaining = (ms: number) => `${formatDuration(ms)} left`;

/** The warnings an exam of this length gives: one at 15 minutes makes no sense in a 10-minute exam. */
export function warningsFor(limitMinutes: number): number[] {
  return WARNING_MINUTES.filter((minutes) => minutes < limitMinutes);
}

export interface Warning {
  minutes: number;
  /** Every warning this one stands for (a reload at 3 minutes left says only "5 minutes", once). */
  covers: number[];
  message: string;
}

/**
 * The warning to give now, or undefined: the most urgent threshold already reached that has
 * not been announced. Record `covers` as announced, so each warning is given once.
 */
export function dueWarning(remaining: number, limitMinutes: number, announced: ReadonlySet<number>): Warning | undefined {
  if (remaining <= 0) return undefined;
  const reached = warningsFor(limitMinutes).filter((minutes) => remaining <= minutes * MINUTE && !announced.has(minutes));
  const minutes = reached.at(-1);
  if (minutes === undefined) return undefined;
  const message =
    minutes <= 5
      ? `${minutes} minutes left. Your work is submitted automatically when the clock reaches 0:00.`
      : `${minutes} minutes left.`;
  return { minutes, covers: reached, message };
}

/** How the clock should look: 'normal', 'soon' (15 minutes or less) or 'urgent' (5 minutes or less). */
export function urgency(remaining: number): 'normal' | 'soon' | 'urgent' {
  if (remaining <= 5 * MINUTE) return 'urgent';
  if (remaining <= 15 * MINUTE) return 'soon';
  return 'normal';
}
