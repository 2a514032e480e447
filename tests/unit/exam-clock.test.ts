/** The exam countdown: time left from the deadline, how it reads, and warnings given once each, only where they fit. */
import { describe, expect, it } from 'vitest';
import { describeRemaining, dueWarning, formatDuration, formatRemaining, remainingMs, urgency, warningsFor } from '../../src/lib/exam-clock.ts';

const MINUTE = 60_000;

describe('the exam clock', () => {
  it('counts from the deadline and never below zero', () => {
    expect(remainingMs(10_000, 4_000)).toBe(6_000);
    expect(remainingMs(10_000, 12_000)).toBe(0);
  });

  it.each([
    [0, '0:00'],
    [1, '0:01'],
    [59_001, '1:00'],
    [90_000, '1:30'],
    [125_400, '2:06'],
    [30 * MINUTE, '30:00'],
    [2 * 60 * MINUTE + 5_000, '2:00:05'],
  ])('shows %i ms as %s (seconds round up)', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });

  it('says the time left in words for screen readers', () => {
    expect(describeRemaining(12 * MINUTE + 5_000)).toBe('12 minutes 5 seconds left');
    expect(describeRemaining(MINUTE)).toBe('1 minute left');
    expect(describeRemaining(1_000)).toBe('1 second left');
    expect(describeRemaining(0)).toBe('0 seconds left');
    expect(formatDuration(1.5 * MINUTE)).toBe('1 minute 30 seconds');
    expect(formatDuration(30 * MINUTE)).toBe('30 minutes');
  });

  it('gives only the warnings shorter than the exam', () => {
    expect(warningsFor(30)).toEqual([15, 5]);
    expect(warningsFor(15)).toEqual([5]);
    expect(warningsFor(10)).toEqual([5]);
    expect(warningsFor(1.5)).toEqual([]);
  });

  it('warns at 15 and then at 5 minutes, each once', () => {
    const announced = new Set<number>();
    expect(dueWarning(16 * MINUTE, 30, announced)).toBeUndefined();
    const first = dueWarning(15 * MINUTE, 30, announced)!;
    expect(first).toMatchObject({ minutes: 15, covers: [15], message: '15 minutes left.' });
    first.covers.forEach((m) => announced.add(m));
    expect(dueWarning(14 * MINUTE, 30, announced)).toBeUndefined();
    const second = dueWarning(5 * MINUTE - 1, 30, announced)!;
    expect(second.minutes).toBe(5);
    expect(second.message).toMatch(/^5 minutes left\. Your work is submitted automatically/);
    second.covers.forEach((m) => announced.add(m));
    expect(dueWarning(MINUTE, 30, announced)).toBeUndefined();
  });

  it('after a reload late in the exam, gives only the most urgent warning', () => {
    const warning = dueWarning(3 * MINUTE, 30, new Set());
    expect(warning).toMatchObject({ minutes: 5, covers: [15, 5] });
  });

  it('gives no warning once time is over, and none a short exam has no room for', () => {
    expect(dueWarning(0, 30, new Set())).toBeUndefined();
    expect(dueWarning(30_000, 1.5, new Set())).toBeUndefined();
  });

  it('colours the clock by how little time is left', () => {
    expect(urgency(20 * MINUTE)).toBe('normal');
    expect(urgency(15 * MINUTE)).toBe('soon');
    expect(urgency(5 * MINUTE)).toBe('urgent');
  });
});
