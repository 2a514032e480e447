/** The dashboard names exercises by the titles its page carries, and by the id for one this build no longer has. */
import { describe, expect, it } from 'vitest';
import { exerciseTitles } from '../../src/lib/classroom/exercise-titles.ts';

const page = (json: string | undefined) => ({ getElementById: (id: string) => (id === 'exercise-titles' && json !== undefined ? { textContent: json } : null) }) as unknown as Document;

describe("the dashboard's exercise titles", () => {
  it('names an exercise by its title', () => {
    expect(exerciseTitles(page('{"netns-red-blue":"Two VRFs: namespaces red and blue"}'))('netns-red-blue')).toBe('Two VRFs: namespaces red and blue');
  });
  it('names an exercise the page has no title for by its id', () => {
    expect(exerciseTitles(page('{"netns-red-blue":"Two VRFs"}'))('retired-lab')).toBe('retired-lab');
  });
  it('tells the author where the titles come from when the page has none', () => {
    expect(() => exerciseTitles(page(undefined))).toThrow(/script#exercise-titles; see src\/pages\/classroom\/dashboard.astro/);
  });
  it('refuses titles that are not text', () => {
    expect(() => exerciseTitles(page('{"netns-red-blue":3}'))).toThrow();
  });
});
