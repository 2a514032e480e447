/** The server's sentences read with the reader's clock: each UTC moment in them becomes a time of day, and nothing else changes. */
import { describe, expect, it } from 'vitest';
import { clockTime, localTimes } from '../../src/lib/format-time.ts';

describe("a server's sentence in the reader's time", () => {
  it('shows each ISO moment as the local clock does, with or without milliseconds', () => {
    const shown: string[] = [];
    const sentence = localTimes('Your time ended at 2026-12-02T21:05:09.000Z and the grace at 2026-12-02T21:06:09Z; this came at 2026-12-02T21:07:00.123Z.', (moment) => {
      shown.push(moment);
      return `<${moment.slice(11, 19)}>`;
    });
    expect(sentence).toBe('Your time ended at <21:05:09> and the grace at <21:06:09>; this came at <21:07:00>.');
    expect(shown).toEqual(['2026-12-02T21:05:09.000Z', '2026-12-02T21:06:09Z', '2026-12-02T21:07:00.123Z']);
  });

  it('uses the clock the page shows times with by default, and leaves a sentence without moments alone', () => {
    expect(localTimes('moved at 2026-12-06T17:08:55.739Z (with your link)')).toBe(`moved at ${clockTime('2026-12-06T17:08:55.739Z')} (with your link)`);
    expect(localTimes('The access code is not right; version 2026-12 of the exam.')).toBe('The access code is not right; version 2026-12 of the exam.');
  });
});
