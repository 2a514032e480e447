import { findLink, isUp } from '../src/state/parse-ip.ts';
import { check } from './check.ts';
import { defineGrader } from './grader.ts';
import { contains, equals } from './matchers.ts';
import { probeSucceeded } from './probes.ts';

export default defineGrader({
  exercise: 'veth-testns',
  request: {
    namespaces: ['', 'testns'],
    ip: ['link', 'addr'],
    probes: [
      { id: 'host->10.0.0.2', kind: 'ping', from: '', target: '10.0.0.2' },
      { id: 'testns->10.0.0.1', kind: 'ping', from: 'testns', target: '10.0.0.1' },
    ],
  },
  checks: [
    check({
      id: 'testns-exists',
      subject: 'namespace testns',
      property: 'exists',
      read: (s) => s.netns,
      expect: contains('testns'),
      fail: ({ actual }) => `There is no namespace called testns (ip netns list shows ${actual}). Create it with: ip netns add testns`,
    }),
    check({
      id: 'veth0-is-veth',
      subject: 'veth0 on the host',
      property: 'is a veth end',
      read: (s) => findLink(s.namespaces[''], 'veth0')?.linkinfo?.info_kind ?? 'missing',
      expect: equals('veth'),
      fail: ({ actual }) => `The host should have veth0, one end of a veth pair; found ${actual}. Create the pair with: ip link add veth0 type veth peer name veth1`,
    }),
    check({
      id: 'veth1-in-testns',
      subject: 'veth1',
      property: 'is in testns',
      requires: ['testns-exists'],
      read: (s) => findLink(s.namespaces.testns, 'veth1')?.linkinfo?.info_kind ?? 'missing',
      expect: equals('veth'),
      fail: (c) =>
        `veth1 is not in testns (found ${c.actual} there). Move the far end in with: ip link set veth1 netns testns`,
    }),
    check({
      id: 'veth0-address',
      subject: 'veth0',
      property: 'has 10.0.0.1/24',
      requires: ['veth0-is-veth'],
      read: (s) => s.namespaces['']!.addresses.veth0 ?? [],
      expect: contains('10.0.0.1/24'),
      fail: ({ actual }) => `veth0 should have 10.0.0.1/24; found ${actual}. Add it with: ip addr add 10.0.0.1/24 dev veth0`,
    }),
    check({
      id: 'veth1-address',
      subject: 'veth1 in testns',
      property: 'has 10.0.0.2/24',
      requires: ['veth1-in-testns'],
      read: (s) => s.namespaces.testns!.addresses.veth1 ?? [],
      expect: contains('10.0.0.2/24'),
      fail: ({ actual }) => `veth1 should have 10.0.0.2/24; found ${actual}. Add it with: ip -n testns addr add 10.0.0.2/24 dev veth1`,
    }),
    check({
      id: 'veth0-up',
      subject: 'veth0',
      property: 'is up',
      requires: ['veth0-is-veth'],
      read: (s) => isUp(findLink(s.namespaces[''], 'veth0')),
      expect: equals(true),
      fail: 'veth0 is down. Bring it up with: ip link set veth0 up',
    }),
    check({
      id: 'veth1-up',
      subject: 'veth1 in testns',
      property: 'is up',
      requires: ['veth1-in-testns'],
      read: (s) => isUp(findLink(s.namespaces.testns, 'veth1')),
      expect: equals(true),
      fail: 'veth1 in testns is down: a link moved into a namespace arrives down. Bring it up with: ip -n testns link set veth1 up',
    }),
    check({
      id: 'host-pings-testns',
      subject: 'the host',
      property: 'pings 10.0.0.2',
      weight: 2,
      read: probeSucceeded('host->10.0.0.2'),
      expect: equals(true),
      fail: '10.0.0.2 does not answer the host. Both ends of the cable must be up and addressed in the same /24.',
    }),
    check({
      id: 'testns-pings-host',
      subject: 'testns',
      property: 'pings 10.0.0.1',
      weight: 2,
      requires: ['testns-exists'],
      read: probeSucceeded('testns->10.0.0.1'),
      expect: equals(true),
      fail: '10.0.0.1 does not answer from inside testns.',
    }),
  ],
});
