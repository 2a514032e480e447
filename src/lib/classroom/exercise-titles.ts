/**
 * The exercises' titles the dashboard page carries (script#exercise-titles, written at build
 * time by src/pages/classroom/dashboard.astro), as a lookup that falls back to the id: a
 * workshop may follow an exercise this build of the course no longer has.
 */
import { z } from 'zod';

const exerciseTitlesSchema = z.record(z.string(), z.string());

export type TitleOf = (exerciseId: string) => string;

export function exerciseTitles(doc: Document): TitleOf {
  const source = doc.getElementById('exercise-titles')?.textContent;
  if (!source) throw new Error('The dashboard page has no script#exercise-titles; see src/pages/classroom/dashboard.astro.');
  const titles = exerciseTitlesSchema.parse(JSON.parse(source));
  return (id) => titles[id] ?? id;
}
