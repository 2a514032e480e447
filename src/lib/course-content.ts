/** The course built from the lessons collection, and which lesson shows which exercise (build time only). */
import { getCollection } from 'astro:content';
import { lessonLinks, type LessonLinks } from '../exercises/lesson-links.ts';
import { buildCourse, type Course } from './course.ts';

export async function loadCourse(): Promise<Course> {
  return buildCourse(await getCollection('lessons'));
}

/** Each lesson's exercises and each exercise's lesson, read from the lessons' <Exercise id> tags (src/exercises/lesson-links.ts). */
export async function loadLessonLinks(): Promise<LessonLinks> {
  return lessonLinks((await getCollection('lessons')).map((l) => ({ id: l.id, text: l.body ?? '' })));
}
