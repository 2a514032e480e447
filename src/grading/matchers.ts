/**
 * Matchers: what a check expects of an actual value. Each returns whether it matched and a
 * human description of what was expected, so feedback can quote both sides.
 *
 * @example
 * equals(1).test(1)                     // { pass: true, expected: '1' }
 * all(contains('lo'), not(contains('eth9'))).test(['lo', 'eth0'])
 */
export interface MatchResult {
  pass: boolean;
  /** What the matcher wanted, in words a learner can read. */
  expected: string;
}

/** A matcher of values of type T (a function property, so a Matcher<boolean> is no Matcher<string>). */
export interface Matcher<T = unknown> {
  describe: () => string;
  test: (actual: T) => MatchResult;
}

/** Renders a value for feedback: strings quoted, arrays and objects as compact JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value);
}

/** What a read gives when the thing it looks for is not there; no matcher but not() passes it. */
export type Missing = null | undefined;

function matcher<T>(describe: () => string, predicate: (actual: T) => boolean): Matcher<T> {
  return {
    describe,
    test: (actual) => ({ pass: predicate(actual), expected: describe() }),
  };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((k) => deepEqual((a as never)[k], (b as never)[k]));
}

/** The actual value deep-equals `expected`; a missing value (null, undefined) never does. */
export const equals = <T>(expected: T): Matcher<T | Missing> => matcher(() => show(expected), (actual) => deepEqual(actual, expected));

/** Every expected item is among the actual items (order and extras do not matter). */
export const subsetOf = <T>(expected: T[]): Matcher<readonly T[] | Missing> =>
  matcher(
    () => `at least ${show(expected)}`,
    (actual) => Array.isArray(actual) && expected.every((e) => actual.some((a) => deepEqual(a, e))),
  );

/** A string containing the text, or an array containing the item. */
export const contains = (item: unknown): Matcher<string | readonly unknown[] | Missing> =>
  matcher(
    () => `something containing ${show(item)}`,
    (actual) =>
      typeof actual === 'string' ? typeof item === 'string' && actual.includes(item) : Array.isArray(actual) && actual.some((a) => deepEqual(a, item)),
  );

export const matches = (pattern: RegExp): Matcher<string | Missing> =>
  matcher(() => `text matching ${pattern}`, (actual) => typeof actual === 'string' && pattern.test(actual));

/** A number in the range; a read may give text instead (e.g. 'no reply'), which never matches. */
export const between = (min: number, max: number): Matcher<number | string | Missing> =>
  matcher(() => `a number from ${min} to ${max}`, (actual) => typeof actual === 'number' && actual >= min && actual <= max);

export const atLeast = (min: number): Matcher<number | string | Missing> =>
  matcher(() => `at least ${min}`, (actual) => typeof actual === 'number' && actual >= min);

export const not = <T>(inner: Matcher<T>): Matcher<T> => matcher(() => `not ${inner.describe()}`, (actual) => !inner.test(actual).pass);

export const all = <T>(...inner: Matcher<T>[]): Matcher<T> =>
  matcher(() => inner.map((m) => m.describe()).join(' and '), (actual) => inner.every((m) => m.test(actual).pass));

export const any = <T>(...inner: Matcher<T>[]): Matcher<T> =>
  matcher(() => inner.map((m) => m.describe()).join(' or '), (actual) => inner.some((m) => m.test(actual).pass));
