/**
 * Checks, goss-style: a subject (a namespace, a link, a route), one property of it read from
 * collected state, a matcher, a weight, the checks it needs first, and feedback for pass and
 * fail. `grade` runs them in order over the state and returns the report.
 *
 * @example
 * const checks = [
 *   check({ id: 'red-exists', subject: 'namespace red', property: 'exists',
 *           read: (s) => s.namespaces.includes('red'), expect: equals(true),
 *           fail: 'There is no namespace called red. Create it with ip netns add.' }),
 * ];
 * grade('netns-red-blue', checks, state);
 */
import type { CollectedState } from '../state/collect.ts';
import { show, type Matcher } from './matchers.ts';
import type { CheckResult, Report } from './report.ts';

export interface FeedbackContext<T = unknown> {
  expected: string;
  actual: string;
  /** The value the read gave, as it is (for feedback that quotes parts of it). */
  value: T;
}

type Feedback<T = any> = string | ((context: FeedbackContext<T>) => string);

/**
 * A check typed by what it reads: `expect` must be a matcher of the type `read` returns, so
 * `equals(true)` against a read that returns a string does not compile.
 */
export interface Check<State, T = any> {
  id: string;
  subject: string;
  property: string;
  /** Reads the property's actual value. Throwing a ProbeError makes the check an error, never a pass. */
  read: (state: State) => T;
  expect: Matcher<T>;
  weight?: number;
  /** Ids of checks that must pass before this one means anything. */
  requires?: string[];
  /**
   * Holds in the exercise's start state: something the set-up made, or that nothing has broken
   * yet, which the task must keep rather than build. An exam awards no points for keeping it, and
   * breaking it costs its weight (src/exams/score.ts). The proof checks that exactly these checks
   * pass in the start state.
   */
  given?: boolean;
  pass?: Feedback<T>;
  fail: Feedback<T>;
}

/** A probe (ping, connect, fetch) or a state read that could not be carried out. */
export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/**
 * A grader that threw something other than a ProbeError: a bug in the grader (an author's
 * error), never the learner's. `grade` throws it, so a test fails loudly on it; a learner's
 * Check turns it into an apology (src/grading/grade.ts, graderBugReport).
 */
export class GraderBugError extends Error {
  constructor(
    readonly exercise: string,
    readonly check: string,
    options: { cause: unknown },
  ) {
    const cause = options.cause instanceof Error ? `${options.cause.name}: ${options.cause.message}` : String(options.cause);
    super(`The grader of ${exercise} is broken: check '${check}' threw ${cause}. Fix graders/${exercise}.ts; a read may throw only a ProbeError.`, options);
    this.name = 'GraderBugError';
  }
}

/**
 * Checks of a state type: `checkOf<State>()(definition)` infers T from the read alone, then
 * requires the matcher to fit it. Graders use `check`, which reads the collected VM state.
 */
export const checkOf =
  <State>() =>
  <T>(definition: Check<State, T> & { expect: Matcher<NoInfer<T>> }): Check<State> =>
    definition;

/** A check of the collected VM state (src/state/collect.ts), typed by what it reads. */
export const check = checkOf<CollectedState>();

/** The most a report can score: the sum of the checks' weights. */
export const maximumOf = (checks: readonly { weight?: number }[]) => checks.reduce((sum, c) => sum + (c.weight ?? 1), 0);

const render = <T>(feedback: Feedback<T>, context: FeedbackContext<T>) => (typeof feedback === 'string' ? feedback : feedback(context));

/** Grades collected state. A state that could not be collected is passed as an Error. */
export function grade<State>(exercise: string, checks: Check<State>[], state: State | Error): Report {
  if (checks.length === 0) throw new Error(`The grader of ${exercise} has no checks; an empty grader would pass anything.`);
  const ids = new Set<string>();
  for (const c of checks) {
    if (ids.has(c.id)) throw new Error(`The grader of ${exercise} has two checks with the id '${c.id}'.`);
    for (const r of c.requires ?? []) {
      if (!ids.has(r)) throw new Error(`Check '${c.id}' of ${exercise} requires '${r}', which is not an earlier check.`);
    }
    ids.add(c.id);
  }
  const maximum = maximumOf(checks);
  if (state instanceof Error) {
    return {
      exercise,
      status: 'error',
      score: 0,
      maximum,
      fault: 'could-not-run',
      message: `The VM's state could not be read: ${state.message}`,
      checks: checks.map((c) => ({ ...resultBase(c), status: 'skip', message: 'Not checked: the state could not be read.' })),
    };
  }
  const results = new Map<string, CheckResult>();
  for (const c of checks) results.set(c.id, evaluate(exercise, c, state, results));
  const list = [...results.values()];
  const errored = list.find((r) => r.status === 'error');
  return {
    exercise,
    status: errored ? 'error' : list.every((r) => r.status === 'pass') ? 'pass' : 'fail',
    score: list.filter((r) => r.status === 'pass').reduce((sum, r) => sum + r.weight, 0),
    maximum,
    ...(errored ? { fault: 'could-not-run' as const, message: `A check could not be carried out: ${errored.message}` } : {}),
    checks: list,
  };
}

function title(c: { subject: string; property: string }): string {
  return `${c.subject}: ${c.property}`;
}

/** What every result of check `c` carries, whatever its status. */
function resultBase(c: Pick<Check<unknown>, 'id' | 'subject' | 'property' | 'weight' | 'given'>) {
  return { id: c.id, title: title(c), weight: c.weight ?? 1, ...(c.given ? { given: true } : {}) };
}

function evaluate<State>(exercise: string, c: Check<State>, state: State, done: Map<string, CheckResult>): CheckResult {
  const base = resultBase(c);
  const blocker = (c.requires ?? []).map((id) => done.get(id)!).find((r) => r.status !== 'pass');
  if (blocker) return { ...base, status: 'skip', message: `Not checked yet: first fix "${blocker.title}".` };
  let actual: unknown;
  try {
    actual = c.read(state);
  } catch (error) {
    if (!(error instanceof ProbeError)) throw new GraderBugError(exercise, c.id, { cause: error });
    return { ...base, status: 'error', message: error.message };
  }
  const { pass, expected } = c.expect.test(actual);
  const context = { expected, actual: show(actual), value: actual };
  return {
    ...base,
    status: pass ? 'pass' : 'fail',
    expected,
    actual: context.actual,
    message: pass ? render(c.pass ?? 'OK.', context) : render(c.fail, context),
  };
}
