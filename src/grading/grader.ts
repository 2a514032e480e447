/**
 * A grader: the state it needs (collected in one agent round trip) and its checks.
 */
import type { CollectedState, StateRequest } from '../state/collect.ts';
import { answersFor, questionsSchema, type Answers } from '../exercises/answers.ts';
import { drawParameters, parametersSchema, type ParameterValues } from '../exercises/parameters.ts';
import type { Check } from './check.ts';

export interface Grader {
  exercise: string;
  request: StateRequest;
  checks: Check<CollectedState>[];
  /** Parameterized exercises only: the grader for other parameter values (this one has the defaults). */
  build?: (values: ParameterValues) => Grader;
  /** Answer exercises only: the grader of these answers (this one grades every question unanswered). */
  answer?: (answers: Answers) => Grader;
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
export function defineParameterizedGrader<Definition extends { id: string; parameters?: object }>(
  definition: Definition,
  make: (values: ValuesOf<NonNullable<Definition['parameters']>>) => Omit<Grader, 'exercise' | 'build'>,
): Grader {
  const specs = parametersSchema.parse(definition.parameters ?? {});
  const build = (values: ParameterValues): Grader => {
    const missing = Object.keys(specs).filter((name) => !(name in values));
    if (missing.length > 0) throw new Error(`The grader of ${definition.id} needs values for ${missing.join(', ')}; got ${JSON.stringify(values)}.`);
    return { exercise: definition.id, ...make(values as ValuesOf<NonNullable<Definition['parameters']>>), build };
  };
  return build(drawParameters(specs));
}

/**
 * The parameter values a grader gets, typed from its exercise's declaration: one field per
 * declared parameter (a misspelt name does not compile), an int a number, the others text. A
 * declaration imported from JSON has its kinds widened to string, so its values are either.
 */
export type ValuesOf<Specs> = {
  readonly [Name in keyof Specs]: Specs[Name] extends { kind: 'int' }
    ? number
    : Specs[Name] extends { kind: 'choice' | 'subnet' | 'address' }
      ? string
      : string | number;
};

/**
 * A grader for an answer exercise (src/exercises/answers.ts): `make` builds request and checks
 * for the learner's answers, by question id (blank for an unanswered one).
 * The result grades every question unanswered, with `answer` for given answers.
 *
 * @example
 * import definition from '../exercises/read-the-fdb/exercise.json' with { type: 'json' };
 * export default defineAnswerGrader(definition, (answers) => ({ request: {...}, checks: [...answerCheck(answers.port)...] }));
 */
export function defineAnswerGrader<Definition extends { id: string; questions: readonly { id: string }[] }>(
  definition: Definition,
  make: (answers: Readonly<Answers>) => Omit<Grader, 'exercise' | 'build' | 'answer'>,
): Grader {
  const questions = questionsSchema.parse(definition.questions);
  const answer = (given: Answers): Grader => ({ exercise: definition.id, ...make(answersFor(questions, given)), answer });
  return answer({});
}

/**
 * The grader for `values` (the defaults when the exercise has no parameters or none are given)
 * and, for an answer exercise, the learner's `answers` (none given: every question unanswered).
 */
export function graderFor(grader: Grader, values?: ParameterValues, answers?: Answers): Grader {
  const drawn = values && grader.build ? grader.build(values) : grader;
  return answers && drawn.answer ? drawn.answer(answers) : drawn;
}
