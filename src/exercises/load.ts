/**
 * Loading exercises from exercises/<id>/ in Node, with errors that name the file and the fix.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { exerciseSchema, type ExerciseDefinition } from './schema.ts';

export const exercisesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../exercises');

export interface Exercise extends ExerciseDefinition {
  dir: string;
  setup: string;
  solution: string;
  read(file: string): string;
}

export function listExerciseIds(dir = exercisesDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function loadExercise(id: string, dir = exercisesDir): Exercise {
  const folder = join(dir, id);
  const file = join(folder, 'exercise.json');
  if (!existsSync(file)) throw new Error(`No exercise '${id}': ${file} does not exist. \`npx stacklab list\` shows the ids.`);
  const result = exerciseSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.success) throw new Error(`${file} is not a valid exercise:\n${z.prettifyError(result.error)}`);
  if (result.data.id !== id) throw new Error(`${file} says its id is '${result.data.id}', but its folder is '${id}'.`);
  const read = (name: string) => {
    const path = join(folder, name);
    if (!existsSync(path)) throw new Error(`${id}: ${name} is missing (looked for ${path}).`);
    return readFileSync(path, 'utf8');
  };
  return { ...result.data, dir: folder, setup: read('setup.sh'), solution: read('solution.sh'), read };
}
