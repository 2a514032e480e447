/**
 * persist-eth1: the configuration lives in /etc/network/interfaces. One command probe does
 * what a restart would: takes eth1 down and wipes it, then `ifup eth1` alone must bring back
 * the address, the route and the far host. The probe prints what it found, line by line.
 */
import type { CollectedState } from '../src/state/collect.ts';
import { check, ProbeError } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { contains, equals, matches } from '../src/grading/matchers.ts';

const CYCLE = [
  'ifdown eth1 >/dev/null 2>&1',
  'ip addr flush dev eth1; ip link set eth1 down; ip route del 10.51.0.0/16 2>/dev/null',
  'ifup eth1 >/tmp/.persist-ifup.log 2>&1; echo "ifup=$?"',
  'sed "s/^/ifup-says: /" /tmp/.persist-ifup.log',
  'echo "addr: $(ip -4 -o addr show dev eth1 | awk \'{print $4}\' | tr \'\\n\' \' \')"',
  'echo "route: $(ip route show 10.51.0.0/16)"',
  'ping -c1 -W2 10.51.0.1 >/dev/null 2>&1 && echo reach=yes || echo reach=no',
].join('\n');

/** The value after "<key>" on the probe's output line that starts with it. */
const line = (key: string) => (state: CollectedState): string => {
  const probe = state.probes.cycle;
  if (!probe) throw new ProbeError('the probe cycle did not run');
  return (probe.output.split('\n').find((l) => l.startsWith(key)) ?? '').slice(key.length).trim();
};

const ifupSays = (state: CollectedState) => line('ifup-says:')(state) || '(nothing)';

export default defineGrader({
  exercise: 'persist-eth1',
  request: {
    namespaces: [],
    probes: [{ id: 'cycle', kind: 'command', from: '', target: CYCLE }],
  },
  checks: [
    check({
      id: 'ifup-configures-eth1',
      subject: 'ifup eth1',
      property: 'configures eth1 from /etc/network/interfaces',
      read: (s) => `exit ${line('ifup=')(s)}; it said: ${ifupSays(s)}`,
      expect: matches(/^exit 0;/),
      fail: ({ actual }) =>
        `ifup does not know eth1, or failed (${actual}). Write an "auto eth1" / "iface eth1 inet static" stanza in /etc/network/interfaces.`,
    }),
    check({
      id: 'address-restored',
      subject: 'eth1 after ifdown/ifup',
      property: 'has 10.50.0.10/16',
      requires: ['ifup-configures-eth1'],
      read: line('addr:'),
      expect: contains('10.50.0.10/16'),
      fail: ({ actual }) => `eth1 should come back with 10.50.0.10/16; after ifup it has ${actual || 'no IPv4 address'}. Check the address line of the stanza (address 10.50.0.10/16).`,
    }),
    check({
      id: 'route-restored',
      subject: 'the route to 10.51.0.0/16',
      property: 'comes back via 10.50.0.1',
      requires: ['ifup-configures-eth1'],
      read: (s) => line('route:')(s) || 'none',
      expect: matches(/^10\.51\.0\.0\/16 via 10\.50\.0\.1 dev eth1/),
      fail: ({ actual }) =>
        actual.includes('none')
          ? 'There is no route to 10.51.0.0/16 after ifup: add "up ip route add 10.51.0.0/16 via 10.50.0.1" to the eth1 stanza.'
          : `After ifup the route is ${actual}; it should go via 10.50.0.1 dev eth1.`,
    }),
    check({
      id: 'far-host-answers',
      subject: '10.51.0.1',
      property: 'answers after ifdown/ifup',
      weight: 2,
      requires: ['ifup-configures-eth1'],
      read: line('reach='),
      expect: equals('yes'),
      fail: 'After ifup, 10.51.0.1 does not answer a ping: the address and the route must both come back.',
    }),
  ],
});
