import { describe, expect, it } from 'vitest';
import { buildCourse, lessonHref, neighbours, type LessonRef } from '../../src/lib/course.ts';

function lesson(id: string, order: number, part: string, prerequisites: string[] = []): LessonRef {
  return { id, data: { title: id, summary: `About ${id}.`, order, part, prerequisites, lab: 'fresh' } };
}

describe('the course', () => {
  const entries = [lesson('nat', 3, 'Netfilter'), lesson('table', 1, 'Foundations'), lesson('netns', 2, 'Foundations', ['table'])];

  it('orders lessons by their order field', () => {
    expect(buildCourse(entries).lessons.map((l) => l.id)).toEqual(['table', 'netns', 'nat']);
  });

  it('groups lessons into parts in course order', () => {
    const parts = buildCourse(entries).parts;
    expect(parts.map((p) => [p.title, p.lessons.map((l) => l.id)])).toEqual([
      ['Foundations', ['table', 'netns']],
      ['Netfilter', ['nat']],
    ]);
  });

  it('links each lesson to its neighbours', () => {
    const course = buildCourse(entries);
    expect(neighbours(course, 'netns').previous?.id).toBe('table');
    expect(neighbours(course, 'netns').next?.id).toBe('nat');
    expect(neighbours(course, 'table').previous).toBeUndefined();
    expect(neighbours(course, 'missing')).toEqual({});
  });

  it('refuses two lessons with the same order, naming both', () => {
    expect(() => buildCourse([lesson('a', 1, 'P'), lesson('b', 1, 'P')])).toThrow(/"a" and "b" both have order: 1/);
  });

  it('refuses a prerequisite that is not a lesson, listing the valid ids', () => {
    expect(() => buildCourse([lesson('a', 1, 'P', ['nope'])])).toThrow(/Received "nope"; expected one of: a/);
  });

  it('builds lesson URLs from ids', () => {
    expect(lessonHref('namespaces-as-vrfs')).toBe('/lessons/namespaces-as-vrfs/');
  });
});
