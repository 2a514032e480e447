/**
 * When a failed upload is tried again: one timer at a time, the first wait `first` ms, each
 * later one twice the last (up to `max`), back to `first` once an upload succeeds.
 *
 * @example
 * const retry = retrySchedule(5_000, 60_000);
 * retry.after(resumeUnsent); // in 5 s; the next failure's in 10 s
 */
export function retrySchedule(first: number, max: number) {
  let delay = first;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = 0;
  return {
    /** Runs `run` once the wait is over; nothing more if a try is already waiting. */
    after(run: () => void): void {
      if (timer !== undefined) return;
      due = Date.now() + delay;
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, delay);
      delay = Math.min(delay * 2, max);
    },
    /** Ms until the next try, if one is scheduled. */
    pending: () => (timer === undefined ? undefined : Math.max(0, due - Date.now())),
    succeeded(): void {
      delay = first;
    },
    cancel(): void {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
