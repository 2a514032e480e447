/**
 * The course as a whole: lessons in order, grouped into parts, with the links between
 * them. Checks what one lesson's frontmatter cannot: unique order, known prerequisites.
 */
import type { LessonFrontmatter } from '../schemas/lesson.ts';

export interface LessonRef {
  id: string;
  data: LessonFrontmatter;
}

export interface CoursePart {
  title: string;
  lessons: LessonRef[];
}

export interface Course {
  lessons: LessonRef[];
  parts: CoursePart[];
}

/**
 * Orders the lessons and groups them into parts (a part sits where its first lesson is).
 * Throws, naming the lessons, when two share an order or a prerequisite does not exist.
 *
 * @example buildCourse(await getCollection('lessons')).parts[0].lessons[0].id
 */
export function buildCourse(entries: readonly LessonRef[]): Course {
  const lessons = [...entries].sort((a, b) => a.data.order - b.data.order);
  assertUniqueOrder(lessons);
  assertPrerequisitesExist(lessons);
  const parts: CoursePart[] = [];
  for (const lesson of lessons) {
    const part = parts.find((p) => p.title === lesson.data.part);
    if (part) part.lessons.push(lesson);
    else parts.push({ title: lesson.data.part, lessons: [lesson] });
  }
  return { lessons, parts };
}

/** The lessons before and after `id` in course order. */
export function neighbours(course: Course, id: string): { previous?: LessonRef; next?: LessonRef } {
  const index = course.lessons.findIndex((lesson) => lesson.id === id);
  if (index === -1) return {};
  return { previous: course.lessons[index - 1], next: course.lessons[index + 1] };
}

export function lessonHref(id: string): string {
  return `/lessons/${id}/`;
}

function assertUniqueOrder(lessons: LessonRef[]): void {
  for (let i = 1; i < lessons.length; i++) {
    const [before, after] = [lessons[i - 1]!, lessons[i]!];
    if (before.data.order === after.data.order) {
      throw new Error(
        `Lessons "${before.id}" and "${after.id}" both have order: ${after.data.order}. Give each lesson its own order in its frontmatter.`,
      );
    }
  }
}

function assertPrerequisitesExist(lessons: LessonRef[]): void {
  const ids = new Set(lessons.map((lesson) => lesson.id));
  for (const lesson of lessons) {
    for (const prerequisite of lesson.data.prerequisites) {
      if (!ids.has(prerequisite)) {
        throw new Error(
          `Lesson "${lesson.id}" lists prerequisite "${prerequisite}", which is not a lesson. Received "${prerequisite}"; expected one of: ${[...ids].join(', ')}.`,
        );
      }
    }
  }
}
