/**
 * A moment as the page shows it: the local time of day to the second, in the reader's locale.
 *
 * @example
 * clockTime('2026-12-02T21:05:09Z') // '22:05:09' in Berlin, '09:05:09 PM' in New York (en-US)
 */
export function clockTime(moment: Date | string = new Date()): string {
  return new Date(moment).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A moment the server writes into its sentences (ISO 8601, UTC). */
const SERVER_MOMENT = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g;

/**
 * A server's sentence with each moment in it as the reader's clock shows it: the server knows no
 * one's time zone, so it writes UTC; the page says "at 18:08:55" where the server said
 * "at 2026-12-06T17:08:55.739Z".
 *
 * @example
 * localTimes('Your time ended at 2026-12-02T21:05:09.000Z.') // 'Your time ended at 22:05:09.' in Berlin
 */
export function localTimes(sentence: string, show: (moment: string) => string = clockTime): string {
  return sentence.replace(SERVER_MOMENT, (moment) => show(moment));
}
