/** The instructor's list of workshops: what each line says besides the title. */
import { describe, expect, it } from 'vitest';
import { endsAtFromInput, joining } from '../../src/lib/classroom/joining.ts';
import { workshopFacts } from '../../src/lib/classroom/workshop-list.ts';
import type { ListedWorkshop } from '../../src/server/schemas.ts';

const workshop = (over: Partial<ListedWorkshop>): ListedWorkshop => ({
  code: 'K7MQ2X', title: 'Namespaces, live', exercises: [], lessons: [], startsAt: null, endsAt: null, stuckMinutes: 10, stuckFailures: 3, createdAt: 0, learners: 0, ...over,
});

describe("a workshop in its instructor's list", () => {
  it('gives its join code, what it follows and that no one has joined yet', () => {
    expect(workshopFacts(workshop({ exercises: ['netns-red-blue', 'eth1-up'] }))).toBe('code K7MQ2X, 2 exercises, no learners yet');
  });
  it('counts the learners in it, and names lessons followed whole', () => {
    expect(workshopFacts(workshop({ exercises: ['eth1-up'], lessons: ['01-interfaces'], learners: 1 }))).toBe('code K7MQ2X, 1 exercise, 1 lesson, 1 learner in it');
    expect(workshopFacts(workshop({ lessons: ['01-interfaces', '02-namespaces'], learners: 12 }))).toBe('code K7MQ2X, 2 lessons, 12 learners in it');
  });
  it('says when it closes to new learners, or that it has', () => {
    const at = (ms: number) => `at ${ms}`;
    expect(workshopFacts(workshop({ endsAt: 2_000, learners: 2 }), 1_000, at)).toBe('code K7MQ2X, 2 learners in it, open to new learners until at 2000');
    expect(workshopFacts(workshop({ endsAt: 1_000, learners: 2 }), 1_000, at)).toBe('code K7MQ2X, 2 learners in it, closed to new learners');
  });
});

describe('whether a workshop takes new learners', () => {
  const at = (ms: number) => `T${ms}`;
  it('is open with no closing time, and the button closes it now', () => {
    expect(joining(null, 5, at)).toEqual({ open: true, text: 'Open to new learners', action: 'Close to new learners now' });
  });
  it('is open until its closing time, and closed from that moment, when the button opens it again', () => {
    expect(joining(6, 5, at)).toEqual({ open: true, text: 'Open to new learners until T6', action: 'Close to new learners now' });
    expect(joining(5, 5, at)).toEqual({ open: false, text: 'Closed to new learners since T5; those in it keep working', action: 'Open to new learners again' });
  });
  it("takes the form's local date and time as a moment, nothing when empty, and says what is wrong otherwise", () => {
    expect(endsAtFromInput('')).toBeUndefined();
    expect(endsAtFromInput('2026-12-06T17:30')).toBe(new Date(2026, 11, 6, 17, 30).toISOString());
    expect(() => endsAtFromInput('soon')).toThrow(/"soon" is not a date and time; pick one in the field, or leave it empty/);
  });
});
