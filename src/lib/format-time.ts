/**
 * A moment as the page shows it: the local time of day to the second, in the reader's locale.
 *
 * @example
 * clockTime('2026-12-02T21:05:09Z') // '22:05:09' in Berlin, '09:05:09 PM' in New York (en-US)
 */
export function clockTime(moment: Date | string = new Date()): string {
  return new Date(moment).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
