/** The course built from the lessons collection (build time only). */
import { getCollection } from 'astro:content';
import { buildCourse, type Course } from './course.ts';

export async function loadCourse(): Promise<Course> {
  return buildCourse(await getCollection('lessons'));
}
