/**
 * The titles of the course's exercises and lessons that the dashboard page carries
 * (script#course-titles, written at build time by src/pages/classroom/dashboard.astro), as
 * lookups that fall back to the id: a workshop may follow an exercise, or a learner be on a
 * lesson, that this build of the course no longer has.
 */
import { z } from 'zod';

export const courseTitlesSchema = z.object({ exercises: z.record(z.string(), z.string()), lessons: z.record(z.string(), z.string()) });

export type TitleOf = (id: string) => string;

export interface CourseTitles {
  exercise: TitleOf;
  lesson: TitleOf;
}

export function courseTitles(doc: Document): CourseTitles {
  const source = doc.getElementById('course-titles')?.textContent;
  if (!source) throw new Error('The dashboard page has no script#course-titles; see src/pages/classroom/dashboard.astro.');
  const { exercises, lessons } = courseTitlesSchema.parse(JSON.parse(source));
  return { exercise: (id) => exercises[id] ?? id, lesson: (id) => lessons[id] ?? id };
}
