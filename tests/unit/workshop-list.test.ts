/** The instructor's list of workshops: what each line says besides the title. */
import { describe, expect, it } from 'vitest';
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
});
