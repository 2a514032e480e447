/**
 * The check that a learner namespace exists, shared by the graders whose tasks name one.
 * Its id is "<name>-exists", so other checks can require it.
 *
 * @example
 * checks: [namespaceExists('red'), check({ id: 'red-lo-up', requires: ['red-exists'], ... })]
 */
import type { CollectedState } from '../../src/state/collect.ts';
import { check } from '../../src/grading/check.ts';
import { contains } from '../../src/grading/matchers.ts';

export const namespaceExists = (name: string, options: { madeBySetUp?: boolean } = {}) =>
  check({
    id: `${name}-exists`,
    subject: `namespace ${name}`,
    property: 'exists',
    given: options.madeBySetUp,
    read: (s) => s.netns,
    expect: contains(name),
    pass: `${name} is there.`,
    fail: ({ actual }) =>
      options.madeBySetUp
        ? `There is no namespace called ${name} any more (ip netns list shows ${actual}). The set-up made it with everything in it; press Reset to set the exercise up again.`
        : `There is no namespace called ${name} (ip netns list shows ${actual}). Create it with: ip netns add ${name}`,
  });
