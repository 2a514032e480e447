/** The course's exercise and lesson ids, read from exercises/ and content/lessons/, to validate a workshop's list. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listExerciseIds } from '../../exercises/load.ts';
import { lessonIdFromPath } from '../../schemas/lesson.ts';
import type { Catalog } from './context.ts';

const repoRoot = join(import.meta.dirname, '../../..');

export function courseCatalog(root = repoRoot): Catalog {
  const lessons = readdirSync(join(root, 'content/lessons')).filter((f) => /\.mdx?$/.test(f)).map(lessonIdFromPath).sort();
  return { exercises: listExerciseIds(join(root, 'exercises')), lessons };
}
