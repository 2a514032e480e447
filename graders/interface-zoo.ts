import type { CollectedState } from '../src/state/collect.ts';
import { findLink, isUp } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals } from '../src/grading/matchers.ts';

const link = (s: CollectedState, name: string) => findLink(s.namespaces[''], name);

/** The command that creates each interface the task asks for. */
const CREATE: Record<string, string> = {
  dummy0: 'ip link add dummy0 type dummy',
  'eth1.100': 'ip link add link eth1 name eth1.100 type vlan id 100',
  mv0: 'ip link add mv0 link eth1 type macvlan',
};

const isKind = (name: string, kind: string) =>
  check({
    id: `${name}-kind`,
    subject: name,
    property: `exists and is a ${kind}`,
    read: (s) => link(s, name)?.linkinfo?.info_kind ?? (link(s, name) ? 'a plain interface' : 'missing'),
    expect: equals(kind),
    fail: ({ actual }) =>
      actual === '"missing"'
        ? `There is no ${name} on the host. Create it with: ${CREATE[name]}`
        : `${name} should be a ${kind}; found ${actual}. Delete it and create it again: ip link del ${name}; ${CREATE[name]}`,
  });

const adminUp = (name: string, why = '') =>
  check({
    id: `${name}-up`,
    subject: name,
    property: 'is administratively up',
    requires: [`${name}-kind`],
    read: (s) => isUp(link(s, name)),
    expect: equals(true),
    fail: `${name} is administratively down (no UP flag). Bring it up with: ip link set ${name} up${why}`,
  });

/** Parent and carrier: a child of eth1 is only as up as eth1 is. */
const onEth1 = (name: string) => [
  check({
    id: `${name}-parent`,
    subject: name,
    property: 'sits on eth1',
    requires: [`${name}-kind`],
    read: (s) => link(s, name)?.link ?? '(no parent in this namespace)',
    expect: equals('eth1'),
    fail: ({ actual }) =>
      `${name} sits on ${actual}; its parent must be eth1 (ip -br link shows the parent after the @). ` +
      `A parent cannot be changed: ip link del ${name}; ${CREATE[name]}`,
  }),
  check({
    id: `${name}-running`,
    subject: name,
    property: 'is operationally up (has carrier, LOWER_UP)',
    requires: [`${name}-up`],
    // The LOWER_UP flag follows the carrier at once; the state column (operstate) can lag it by a second.
    read: (s) => {
      const l = link(s, name);
      return l?.flags.includes('LOWER_UP') ? 'carrier' : `no carrier (state ${l?.operstate ?? 'unknown'})`;
    },
    expect: equals('carrier'),
    fail: ({ actual }) =>
      `${name} is administratively up but has ${actual.replace(/"/g, '')}: its parent eth1 is down, and a child has carrier only while its parent does. ` +
      'Bring the parent up with: ip link set eth1 up',
  }),
];

export default defineGrader({
  exercise: 'interface-zoo',
  request: { namespaces: [''], ip: ['link'] },
  checks: [
    isKind('dummy0', 'dummy'),
    adminUp('dummy0'),
    check({
      id: 'eth1-up',
      subject: 'eth1',
      property: 'is administratively up',
      read: (s) => isUp(link(s, 'eth1')),
      expect: equals(true),
      fail: 'eth1 is administratively down, so the VLAN and the macvlan on it cannot carry traffic. Bring it up with: ip link set eth1 up',
    }),
    isKind('eth1.100', 'vlan'),
    check({
      id: 'eth1.100-vlan-id',
      subject: 'eth1.100',
      property: 'tags 802.1Q VLAN 100',
      requires: ['eth1.100-kind'],
      read: (s) => {
        const data = link(s, 'eth1.100')?.linkinfo?.info_data ?? {};
        return `${String(data.protocol)} VLAN ${String(data.id)}`;
      },
      expect: equals('802.1Q VLAN 100'),
      fail: ({ actual }) =>
        `eth1.100 should tag frames with 802.1Q VLAN 100; it tags ${actual}. The tag comes from "id", not from the name. ` +
        `Create it again: ip link del eth1.100; ${CREATE['eth1.100']}`,
    }),
    adminUp('eth1.100', ' (after eth1: a VLAN cannot come up while its parent is down)'),
    ...onEth1('eth1.100'),
    isKind('mv0', 'macvlan'),
    adminUp('mv0'),
    ...onEth1('mv0'),
  ],
});
