/**
 * Which lesson shows which exercise. The one truth is the `<Exercise id="..." />` line in a
 * lesson's MDX: it puts the exercise on the page, so the lesson an exercise belongs to and the
 * exercises of a lesson (in page order) are read from those lines, never listed anywhere else.
 * Browser-safe and free of file access: the site passes the lessons from its content
 * collection, Node from content/lessons/.
 *
 * @example exerciseTags('<Exercise id="eth1-up" />\n<Exercise id="masquerade" />') // ['eth1-up', 'masquerade']
 */

/** The ids of the `<Exercise id="..." />` tags in a lesson's text, in page order. */
export function exerciseTags(text: string): string[] {
  return [...text.matchAll(/<Exercise\s+id=["']([^"']*)["']\s*\/>/g)].map((m) => m[1]!);
}

export interface LessonText {
  /** The lesson id: its file name without the number and extension. */
  id: string;
  /** Where it came from, for messages (e.g. 13-troubleshooting.mdx). */
  file?: string;
  text: string;
}

export interface LessonLinks {
  /** Each lesson's exercises, in page order. */
  exercisesOf: Map<string, string[]>;
  /** Each exercise's lessons: exactly one when all is well. */
  lessonsOf: Map<string, string[]>;
}

export function lessonLinks(lessons: readonly LessonText[]): LessonLinks {
  const exercisesOf = new Map<string, string[]>();
  const lessonsOf = new Map<string, string[]>();
  for (const lesson of lessons) {
    const tags = exerciseTags(lesson.text);
    exercisesOf.set(lesson.id, tags);
    for (const id of tags) lessonsOf.set(id, [...(lessonsOf.get(id) ?? []), lesson.id]);
  }
  return { exercisesOf, lessonsOf };
}
