/**
 * The exercises (exercises/<id>/exercise.json, setup.sh, solution.sh), bundled by Vite so
 * the same data serves the build (Exercise.astro) and the browser (setting an exercise up).
 * Each definition is validated with exerciseSchema when this module loads.
 *
 * Browser-safe: no node:fs (src/exercises/load.ts is the Node counterpart).
 *
 * @example exerciseById('eth1-up').setup // '#!/bin/sh\n...'
 * @example instantiateExercise('veth-testns', 'a1b2/cable').values.ns // e.g. 'lab': the same for that seed every time
 */
import { z } from 'zod';
import { displayScript, drawParameters, fillTemplate, withParameters, type ParameterValues } from '../exercises/parameters.ts';
import { exerciseSchema, type ExerciseDefinition } from '../exercises/schema.ts';

export interface CatalogExercise {
  /** The definition with its parameters' default values filled into task and hints. */
  definition: ExerciseDefinition;
  values: ParameterValues;
  /** setup.sh (with the parameter values exported): run after the reset on Start or Reset. */
  setup: string;
  /** solution.sh as the learner reads it (parameter values written in): shown on request. */
  solution: string;
}

/** What one exercise's files hold, validated but with no parameter values filled in. */
interface RawExercise {
  definition: ExerciseDefinition;
  setup: string;
  solution: string;
}

const definitions = import.meta.glob<unknown>('../../exercises/*/exercise.json', { eager: true, import: 'default' });
const setups = import.meta.glob<string>('../../exercises/*/setup.sh', { eager: true, query: '?raw', import: 'default' });
const solutions = import.meta.glob<string>('../../exercises/*/solution.sh', { eager: true, query: '?raw', import: 'default' });

function folderOf(path: string): string {
  return path.split('/').at(-2) ?? path;
}

function readExercises(): Map<string, RawExercise> {
  const exercises = new Map<string, RawExercise>();
  for (const [path, raw] of Object.entries(definitions)) {
    const folder = folderOf(path);
    const parsed = exerciseSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`exercises/${folder}/exercise.json is invalid: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.id !== folder) {
      throw new Error(`exercises/${folder}/exercise.json has id "${parsed.data.id}". Expected the folder name, "${folder}".`);
    }
    const base = path.replace(/exercise\.json$/, '');
    const setup = setups[`${base}setup.sh`];
    const solution = solutions[`${base}solution.sh`];
    if (setup === undefined || solution === undefined) throw new Error(`exercises/${folder}/ needs both setup.sh and solution.sh.`);
    exercises.set(folder, { definition: parsed.data, setup, solution });
  }
  return exercises;
}

/** The exercise with `values` written into its task, hints, set-up (as exports) and solution (as read). */
function instantiate({ definition, setup, solution }: RawExercise, values: ParameterValues): CatalogExercise {
  const filled = { ...definition, task: fillTemplate(definition.task, values), hints: definition.hints.map((h) => fillTemplate(h, values)) };
  return { definition: filled, values, setup: withParameters(setup, values), solution: displayScript(solution, values) };
}

const rawExercises = readExercises();

function buildCatalog(): Map<string, CatalogExercise> {
  return new Map([...rawExercises].map(([id, exercise]) => [id, instantiate(exercise, drawParameters(exercise.definition.parameters))]));
}

const catalog = buildCatalog();

/** All exercise ids, sorted. */
export function exerciseIds(): string[] {
  return [...catalog.keys()].sort();
}

/** The exercise with this id; throws naming the known ids when there is none. */
export function exerciseById(id: string): CatalogExercise {
  const exercise = catalog.get(id);
  if (!exercise) throw new Error(`There is no exercise "${id}". Received "${id}"; expected one of: ${exerciseIds().join(', ')}.`);
  return exercise;
}

/**
 * The exercise with its parameters drawn from `seed` (an exam task uses taskSeed(examSeed, taskId));
 * an exercise without parameters comes out as in the catalog.
 */
export function instantiateExercise(id: string, seed: string): CatalogExercise {
  exerciseById(id);
  const exercise = rawExercises.get(id)!;
  return instantiate(exercise, drawParameters(exercise.definition.parameters, seed));
}
