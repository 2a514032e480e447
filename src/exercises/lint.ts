/**
 * The author lint: every exercise folder is complete and nothing in it is forgotten.
 * Returns problems as sentences; an empty list means the exercises are fit to prove.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lessonIdFromPath } from '../schemas/lesson.ts';
import { listExerciseIds, loadExercise, exercisesDir } from './load.ts';

export const lessonsDir = join(exercisesDir, '..', 'content', 'lessons');

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/** Each lesson's id and the exercise ids its frontmatter embeds (`exercises: [a, b]`). */
function lessonExercises(dir: string): Map<string, string[]> {
  const lessons = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => /\.mdx?$/.test(f))) {
    const list = /^exercises:\s*\[([^\]]*)\]/m.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
    lessons.set(lessonIdFromPath(file), list.split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean));
  }
  return lessons;
}

export function lintExercises(graderIds: string[], dir = exercisesDir, lessons = lessonsDir): string[] {
  const problems: string[] = [];
  const embeds = lessonExercises(lessons);
  const seen = new Map<string, string>();
  for (const folder of listExerciseIds(dir)) {
    let exercise;
    try {
      exercise = loadExercise(folder, dir);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    if (seen.has(exercise.id)) problems.push(`Two exercises have the id '${exercise.id}'.`);
    seen.set(exercise.id, folder);
    if (!graderIds.includes(exercise.id)) problems.push(`${exercise.id} has no grader: add graders/${exercise.id}.ts and list it in graders/index.ts.`);
    const listed = embeds.get(exercise.lesson);
    if (!listed) problems.push(`${exercise.id} belongs to lesson '${exercise.lesson}', but there is no content/lessons/NN-${exercise.lesson}.mdx.`);
    else if (!listed.includes(exercise.id)) problems.push(`${exercise.id} belongs to lesson '${exercise.lesson}', but that lesson's frontmatter does not list it in exercises.`);
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
  for (const id of graderIds) if (!seen.has(id)) problems.push(`graders/${id}.ts grades an exercise that does not exist.`);
  return problems;
}
