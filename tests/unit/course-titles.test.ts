/** The dashboard names exercises and lessons by the titles its page carries, and by the id for one this build no longer has. */
import { describe, expect, it } from 'vitest';
import { courseTitles } from '../../src/lib/classroom/course-titles.ts';

const page = (json: string | undefined) => ({ getElementById: (id: string) => (id === 'course-titles' && json !== undefined ? { textContent: json } : null) }) as unknown as Document;
const course = JSON.stringify({ exercises: { 'netns-red-blue': 'Two VRFs: namespaces red and blue' }, lessons: { bridges: 'Bridges, the Linux switch' } });

describe("the dashboard's course titles", () => {
  it('names an exercise and a lesson by their titles', () => {
    const titles = courseTitles(page(course));
    expect([titles.exercise('netns-red-blue'), titles.lesson('bridges')]).toEqual(['Two VRFs: namespaces red and blue', 'Bridges, the Linux switch']);
  });
  it('names one the page has no title for by its id', () => {
    const titles = courseTitles(page(course));
    expect([titles.exercise('retired-lab'), titles.lesson('retired-lesson')]).toEqual(['retired-lab', 'retired-lesson']);
  });
  it('tells the author where the titles come from when the page has none', () => {
    expect(() => courseTitles(page(undefined))).toThrow(/script#course-titles; see src\/pages\/classroom\/dashboard.astro/);
  });
  it('refuses titles that are not text, or a page without the lessons', () => {
    expect(() => courseTitles(page('{"exercises":{"netns-red-blue":3},"lessons":{}}'))).toThrow();
    expect(() => courseTitles(page('{"exercises":{}}'))).toThrow();
  });
});
