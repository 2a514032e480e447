/**
 * The check shared by exercises whose set-up brings eth1 up on the lab segment as
 * 10.50.0.10/16: it passes in the start state, and the checks that need the segment
 * require it, so a learner who undid the set-up is told that first.
 *
 * @example
 * request: { namespaces: [''], ip: ['link', 'addr', ...] }, checks: [eth1Prepared(), ...]
 */
import type { CollectedState } from '../../src/state/collect.ts';
import { findLink, isUp } from '../../src/state/parse-ip.ts';
import { check } from '../../src/grading/check.ts';
import { contains } from '../../src/grading/matchers.ts';

export const LAB_ADDRESS = '10.50.0.10';

export const eth1Prepared = () =>
  check({
    id: 'eth1-address',
    subject: 'eth1',
    given: true,
    property: `is up with ${LAB_ADDRESS}/16`,
    read: (s) => {
      const host = s.namespaces['']!;
      return isUp(findLink(host, 'eth1')) ? (host.addresses.eth1 ?? []) : 'down';
    },
    expect: contains(`${LAB_ADDRESS}/16`),
    pass: `eth1 is up with ${LAB_ADDRESS}/16, as the set-up left it.`,
    fail: ({ actual }) =>
      `eth1 should be up with ${LAB_ADDRESS}/16 (the set-up does that); found ${actual}. Restore it with: ip addr add ${LAB_ADDRESS}/16 dev eth1; ip link set eth1 up`,
  });
