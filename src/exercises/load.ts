/**
 * Loading exercises from exercises/<id>/ in Node, with errors that name the file and the fix.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawParameters, withParameters, type ParameterValues } from './parameters.ts';
import { fillDefinition, parseExercise } from './parse.ts';
import type { ExerciseDefinition } from './schema.ts';

export const exercisesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../exercises');

/** An exercise with its parameters filled in (the defaults, or those drawn from a seed). */
export interface Exercise extends ExerciseDefinition {
  dir: string;
  /** The parameter values this instance uses; empty for an exercise without parameters. */
  values: ParameterValues;
  seed?: string;
  /** setup.sh, with the parameter values exported in front. */
  setup: string;
  solution: string;
  /** Reads a file of the exercise; scripts (*.sh) get the parameter values exported in front. */
  read(file: string): string;
}

export function listExerciseIds(dir = exercisesDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * Loads exercises/<id>/ and fills in its parameters: drawn from `seed`, or the defaults
 * (what lessons show) without one.
 */
export function loadExercise(id: string, dir = exercisesDir, seed?: string): Exercise {
  const folder = join(dir, id);
  const file = join(folder, 'exercise.json');
  if (!existsSync(file)) throw new Error(`No exercise '${id}': ${file} does not exist. \`npx stacklab list\` shows the ids.`);
  const optional = (name: string) => (existsSync(join(folder, name)) ? readFileSync(join(folder, name), 'utf8') : undefined);
  const labs = join(dir, '..', 'labs');
  const sharedLab = (name: string) => (existsSync(join(labs, `${name}.json`)) ? JSON.parse(readFileSync(join(labs, `${name}.json`), 'utf8')) : undefined);
  const parsed = parseExercise(id, { definition: readFileSync(file, 'utf8'), setup: optional('setup.sh'), solution: optional('solution.sh'), sharedLab });
  const { definition } = parsed;
  const values = drawParameters(definition.parameters, seed);
  const read = (name: string) => {
    const path = join(folder, name);
    if (!existsSync(path)) throw new Error(`${id}: ${name} is missing (looked for ${path}).`);
    const text = readFileSync(path, 'utf8');
    return name.endsWith('.sh') ? withParameters(text, values) : text;
  };
  return {
    ...fillDefinition(definition, values),
    dir: folder,
    values,
    seed,
    setup: withParameters(parsed.setup, values),
    solution: read('solution.sh'),
    read,
  };
}
