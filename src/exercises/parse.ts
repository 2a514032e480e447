/**
 * The one parse path of an exercise, for Node (src/exercises/load.ts reads the files) and the
 * site (src/lib/exercise-catalog.ts gets them from Vite): the same checks, and errors in one
 * style that names the file, the field and what was expected.
 *
 * @example
 * parseExercise('eth1-up', { definition: json, setup, solution })
 * // exercises/eth1-up/exercise.json is not a valid exercise:
 * //   - hints.0: Too small: expected string to have >=10 characters
 */
import type { z } from 'zod';
import { fillTemplate, type ParameterValues } from './parameters.ts';
import { exerciseSchema, type ExerciseDefinition } from './schema.ts';
import { labScript, sharedLabSchema } from './shared-labs.ts';

/** An exercise's files as read, before they are checked. */
export interface ExerciseFiles {
  /** exercise.json, parsed (the site) or as text (Node). */
  definition: unknown;
  setup: string | undefined;
  solution: string | undefined;
  /** labs/<name>.json, parsed, for an exercise that starts from a shared lab (undefined when there is none). */
  sharedLab?: (name: string) => unknown;
}

export interface ParsedExercise {
  definition: ExerciseDefinition;
  /** The whole set-up: the shared lab's script first, when the exercise names one, then setup.sh. */
  setup: string;
  solution: string;
}

/** Each issue as "- field.path: what was expected", the whole file's issues as "(the file)". */
export function friendlyIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  - ${issue.path.length > 0 ? issue.path.map(String).join('.') : '(the file)'}: ${issue.message}`).join('\n');
}

/** Checks an exercise's files: a valid definition whose id is its folder's name, a set-up and a solution. */
export function parseExercise(folder: string, files: ExerciseFiles): ParsedExercise {
  const file = `exercises/${folder}/exercise.json`;
  let raw = files.definition;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch (error) {
      throw new Error(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const result = exerciseSchema.safeParse(raw);
  if (!result.success) throw new Error(`${file} is not a valid exercise:\n${friendlyIssues(result.error)}`);
  if (result.data.id !== folder) throw new Error(`${file} is not a valid exercise:\n  - id: expected the folder's name, "${folder}"; received "${result.data.id}"`);
  const missing = (['setup', 'solution'] as const).filter((name) => files[name] === undefined).map((name) => `${name}.sh`);
  if (missing.length > 0) throw new Error(`exercises/${folder}/ is not a valid exercise:\n  - ${missing.join(', ')}: expected beside exercise.json; it is missing`);
  const definition = result.data;
  return { definition, setup: definition.sharedLab ? `${sharedLabScript(definition.sharedLab, folder, files)}${files.setup!}` : files.setup!, solution: files.solution! };
}

function sharedLabScript(name: string, folder: string, files: ExerciseFiles): string {
  const raw = files.sharedLab?.(name);
  if (raw === undefined) throw new Error(`exercises/${folder}/exercise.json is not a valid exercise:\n  - sharedLab: expected a lab in labs/${name}.json; there is none`);
  const lab = sharedLabSchema.safeParse(raw);
  if (!lab.success) throw new Error(`labs/${name}.json is not a valid lab:\n${friendlyIssues(lab.error)}`);
  return labScript(lab.data);
}

/** The definition with `values` written into its task and hints. */
export const fillDefinition = (definition: ExerciseDefinition, values: ParameterValues): ExerciseDefinition => ({
  ...definition,
  task: fillTemplate(definition.task, values),
  hints: definition.hints.map((hint) => fillTemplate(hint, values)),
});
