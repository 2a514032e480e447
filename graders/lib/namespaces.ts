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

export const namespaceExists = (name: string) =>
  check({
    id: `${name}-exists`,
    subject: `namespace ${name}`,
    property: 'exists',
    read: (s) => s.netns,
    expect: contains(name),
    pass: `${name} is there.`,
    fail: ({ actual }) => `There is no namespace called ${name} (ip netns list shows ${actual}). Create it with: ip netns add ${name}`,
  });
