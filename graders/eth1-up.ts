import { findLink, isUp } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { contains, equals } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';
import type { CollectedState } from '../src/state/collect.ts';

const host = (s: CollectedState) => s.namespaces['']!;

export default defineGrader({
  exercise: 'eth1-up',
  request: {
    namespaces: [''],
    ip: ['link', 'addr', 'route'],
    probes: [{ id: 'host->10.51.0.1', kind: 'ping', from: '', target: '10.51.0.1' }],
  },
  checks: [
    check({
      id: 'eth1-up',
      subject: 'eth1',
      property: 'is up',
      read: (s) => isUp(findLink(host(s), 'eth1')),
      expect: equals(true),
      pass: 'eth1 is up (the Linux "no shutdown").',
      fail: 'eth1 is administratively down. Bring it up with: ip link set eth1 up',
    }),
    check({
      id: 'eth1-address',
      subject: 'eth1',
      property: 'has 10.50.0.10/16',
      read: (s) => host(s).addresses.eth1 ?? [],
      expect: contains('10.50.0.10/16'),
      pass: 'eth1 has 10.50.0.10/16.',
      fail: ({ actual }) => `eth1 should have 10.50.0.10/16; it has ${actual}. Add it with: ip addr add 10.50.0.10/16 dev eth1`,
    }),
    check({
      id: 'route-10.51',
      subject: 'main routing table',
      property: 'routes 10.51.0.0/16 via 10.50.0.1',
      read: (s) => {
        const route = host(s).routes.find((r) => r.dst === '10.51.0.0/16' && (r.table ?? 'main') === 'main');
        return route ? `via ${route.gateway ?? '(none)'}` : 'no route';
      },
      expect: equals('via 10.50.0.1'),
      pass: '10.51.0.0/16 goes via 10.50.0.1.',
      fail: ({ actual }) =>
        `The main table should send 10.51.0.0/16 via 10.50.0.1; found ${actual}. Add it with: ip route add 10.51.0.0/16 via 10.50.0.1`,
    }),
    check({
      id: 'reach-10.51.0.1',
      subject: 'the host',
      property: 'pings 10.51.0.1',
      read: probeSucceeded('host->10.51.0.1'),
      expect: equals(true),
      pass: '10.51.0.1 answers.',
      fail: '10.51.0.1 does not answer a ping from the host. Check the address, the link state and the route above.',
    }),
  ],
});
