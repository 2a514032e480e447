/**
 * A grader: the state it needs (collected in one agent round trip) and its checks.
 */
import type { CollectedState, StateRequest } from '../state/collect.ts';
import { drawParameters, parametersSchema, type ParameterValues } from '../exercises/parameters.ts';
import type { Check } from './check.ts';

export interface Grader {
  exercise: string;
  request: StateRequest;
  checks: Check<CollectedState>[];
  /** Parameterized exercises only: the grader for other parameter values (this one has the defaults). */
  build?: (values: ParameterValues) => Grader;
}

export const defineGrader = (grader: Grader): Grader => grader;

/**
 * A grader for an exercise with parameters: `build` makes request and checks from the values.
 * The result is the grader for the default values, with `build` for any others.
 *
 * @example
 * import definition from '../exercises/veth-testns/exercise.json' with { type: 'json' };
 * export default defineParameterizedGrader(definition, (p) => ({ request: {...}, checks: [...] }));
 */
export function defineParameterizedGrader(
  definition: { id: string; parameters?: unknown },
  make: (values: ParameterValues) => Omit<Grader, 'exercise' | 'build'>,
): Grader {
  const specs = parametersSchema.parse(definition.parameters ?? {});
  const build = (values: ParameterValues): Grader => ({ exercise: definition.id, ...make(values), build });
  return build(drawParameters(specs));
}

/** The grader for `values` (the defaults when the exercise has no parameters or none are given). */
export const graderFor = (grader: Grader, values?: ParameterValues): Grader => (values && grader.build ? grader.build(values) : grader);
