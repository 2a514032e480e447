/**
 * A lab with several faults says how many remain, never which: one check counts the faults whose
 * own probe still fails, and its title and message hold only the count. Each fault's probe must
 * pass once that fault is fixed whatever the others' state (e.g. a ping that crosses only the
 * faulty part), so the count does not depend on the order of the fixes.
 *
 * @example
 * faultsLeftCheck([probeSucceeded('web->client'), probeSucceeded('router->web:80')])
 * // fails with "1 of 2 faults remains ..." after one fix, passes after both
 */
import type { CollectedState } from '../../src/state/collect.ts';
import { check, type Check } from '../../src/grading/check.ts';
import { equals } from '../../src/grading/matchers.ts';

/** Reads whether one fault is fixed; throws a ProbeError when its probe did not run. */
export type FaultFixed = (state: CollectedState) => boolean;

/** "1 of 2 faults remains", "2 of 2 faults remain". */
export const faultsRemain = (left: number, of: number) => `${left} of ${of} ${of === 1 ? 'fault' : 'faults'} ${left === 1 ? 'remains' : 'remain'}`;

export function faultsLeftCheck(fixed: FaultFixed[], options: { requires?: string[]; weight?: number } = {}): Check<CollectedState> {
  const of = fixed.length;
  if (of === 0) throw new Error('faultsLeftCheck needs one probe per fault; a lab without faults has nothing to count.');
  return check({
    id: 'faults-left',
    subject: 'the lab',
    property: `has none of its ${of} faults left`,
    ...options,
    read: (s) => fixed.filter((isFixed) => !isFixed(s)).length,
    expect: equals(0),
    pass: `All ${of} faults are fixed.`,
    fail: ({ actual }) =>
      `${faultsRemain(Number(actual), of)}. The faults are independent: fixing one does not reveal or fix another, ` +
      'so keep walking the path (links, addresses, routes both ways, forwarding, firewalls) after each fix.',
  });
}
