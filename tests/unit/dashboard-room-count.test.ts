/** The roster's caption: who is in the room (joined, not left), and how many of them are away. */
import { describe, expect, it } from 'vitest';
import { roomCount } from '../../src/lib/classroom/dashboard-view.ts';

const here = { leftAt: null, awayFor: null };
const away = { leftAt: null, awayFor: 120_000 };
const left = { leftAt: 1, awayFor: null };

describe('the roster caption', () => {
  it('counts the learners in the room, leaving out those who left', () => {
    expect(roomCount([here, here, left])).toBe('2 learners in the room');
    expect(roomCount([here])).toBe('1 learner in the room');
    expect(roomCount([])).toBe('0 learners in the room');
  });

  it('says how many of them are away', () => {
    expect(roomCount([here, away, away, left])).toBe('3 learners in the room, 2 of them away');
  });
});
