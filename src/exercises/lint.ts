/**
 * The author lint: every exercise folder is complete and nothing in it is forgotten.
 * Returns problems as sentences; an empty list means the exercises are fit to prove.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lessonIdFromPath } from '../schemas/lesson.ts';
import { lessonLinks, type LessonText } from './lesson-links.ts';
import { listExerciseIds, loadExercise, exercisesDir } from './load.ts';

export const lessonsDir = join(exercisesDir, '..', 'content', 'lessons');

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/** Every lesson of content/lessons/ (or `dir`) with its id and text. */
export function readLessons(dir = lessonsDir): LessonText[] {
  return readdirSync(dir)
    .filter((f) => /\.mdx?$/.test(f))
    .sort()
    .map((file) => ({ id: lessonIdFromPath(file), file, text: readFileSync(join(dir, file), 'utf8') }));
}

export const gradersDir = join(exercisesDir, '..', 'graders');

/** The exercise ids graders/ has a grader for: every graders/<id>.ts (helpers sit in graders/lib/). */
export function listGraderIds(dir = gradersDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => e.name.slice(0, -'.ts'.length))
    .sort();
}

/** The folders the lint reads; each defaults to the repository's own. */
export interface LintFolders {
  exercises?: string;
  graders?: string;
  lessons?: string;
}

export function lintExercises({ exercises: dir = exercisesDir, graders = gradersDir, lessons = lessonsDir }: LintFolders = {}): string[] {
  const problems: string[] = [];
  const graderIds = listGraderIds(graders);
  const lessonFiles = readLessons(lessons);
  const { lessonsOf } = lessonLinks(lessonFiles);
  const seen = new Map<string, string>();
  for (const folder of listExerciseIds(dir)) {
    let exercise;
    try {
      exercise = loadExercise(folder, dir);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      // The folder is there: its grader and lesson line are not orphans.
      seen.set(folder, folder);
      continue;
    }
    if (seen.has(exercise.id)) problems.push(`Two exercises have the id '${exercise.id}'.`);
    seen.set(exercise.id, folder);
    if (!graderIds.includes(exercise.id)) problems.push(`${exercise.id} has no grader: add graders/${exercise.id}.ts.`);
    const shownBy = lessonsOf.get(exercise.id) ?? [];
    if (shownBy.length === 0) problems.push(`${exercise.id} is in no lesson: add <Exercise id="${exercise.id}" /> to the lesson that teaches it (content/lessons/NN-<lesson>.mdx).`);
    if (shownBy.length > 1) problems.push(`${exercise.id} is shown by ${shownBy.length} lessons (${shownBy.join(', ')}); keep its <Exercise> line in one of them.`);
    if (exercise.solution.trim() === '') problems.push(`${exercise.id}: solution.sh is empty.`);
    const known = new Set(['exercise.json', 'setup.sh', 'solution.sh', ...exercise.alternatives, ...exercise.wrongAttempts.map((w) => w.file)]);
    for (const file of walk(exercise.dir).map((f) => relative(exercise.dir, f))) {
      if (!known.has(file)) problems.push(`${exercise.id}: ${file} is not named in exercise.json (an orphan); list it or delete it.`);
    }
    for (const file of known) {
      try {
        exercise.read(file);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  for (const id of graderIds) if (!seen.has(id)) problems.push(`graders/${id}.ts grades an exercise that does not exist: add exercises/${id}/ or delete the grader.`);
  for (const [id, inLessons] of lessonsOf) {
    if (seen.has(id)) continue;
    for (const lesson of inLessons) {
      const file = lessonFiles.find((l) => l.id === lesson)!.file;
      problems.push(`content/lessons/${file}: <Exercise id="${id}" /> names no exercise; add exercises/${id}/ or correct the id.`);
    }
  }
  return problems;
}
