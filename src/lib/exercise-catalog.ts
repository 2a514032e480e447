/**
 * The exercises (exercises/<id>/exercise.json, setup.sh, solution.sh), bundled by Vite so
 * the same data serves the build (Exercise.astro) and the browser (setting an exercise up).
 * Each exercise is checked by src/exercises/parse.ts (the same parse path as in Node) when this module loads.
 *
 * Browser-safe: no node:fs (src/exercises/load.ts reads the same files in Node).
 *
 * @example exerciseById('eth1-up').setup // '#!/bin/sh\n...'
 * @example instantiateExercise('veth-testns', 'a1b2/cable').values.ns // e.g. 'lab': the same for that seed every time
 */
import { displayScript, drawParameters, withParameters, type ParameterValues } from '../exercises/parameters.ts';
import { fillDefinition, parseExercise, type ParsedExercise } from '../exercises/parse.ts';
import type { ExerciseDefinition } from '../exercises/schema.ts';

export interface CatalogExercise {
  /** The definition with its parameters' default values filled into task and hints. */
  definition: ExerciseDefinition;
  values: ParameterValues;
  /** setup.sh (with the parameter values exported): run after the reset on Start or Reset. */
  setup: string;
  /** solution.sh as the learner reads it (parameter values written in): shown on request. */
  solution: string;
}

/** What one exercise's files hold, checked but with no parameter values filled in. */
type RawExercise = ParsedExercise;

const definitions = import.meta.glob<unknown>('../../exercises/*/exercise.json', { eager: true, import: 'default' });
const setups = import.meta.glob<string>('../../exercises/*/setup.sh', { eager: true, query: '?raw', import: 'default' });
const solutions = import.meta.glob<string>('../../exercises/*/solution.sh', { eager: true, query: '?raw', import: 'default' });
const sharedLabs = import.meta.glob<unknown>('../../labs/*.json', { eager: true, import: 'default' });

function folderOf(path: string): string {
  return path.split('/').at(-2) ?? path;
}

function readExercises(): Map<string, RawExercise> {
  const exercises = new Map<string, RawExercise>();
  for (const [path, definition] of Object.entries(definitions)) {
    const folder = folderOf(path);
    const base = path.replace(/exercise\.json$/, '');
    const sharedLab = (name: string) => sharedLabs[`../../labs/${name}.json`];
    exercises.set(folder, parseExercise(folder, { definition, setup: setups[`${base}setup.sh`], solution: solutions[`${base}solution.sh`], sharedLab }));
  }
  return exercises;
}

/** The exercise with `values` written into its task, hints, set-up (as exports) and solution (as read). */
function instantiate({ definition, setup, solution }: RawExercise, values: ParameterValues): CatalogExercise {
  return { definition: fillDefinition(definition, values), values, setup: withParameters(setup, values), solution: displayScript(solution, values) };
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
