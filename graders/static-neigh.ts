import type { CollectedState } from '../src/state/collect.ts';
import type { Neighbour } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { eth1Prepared } from './lib/lab-eth1.ts';
import { equals, matches } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';

const ROUTER = '10.50.0.1';
const MAC = '52:54:00:5c:01:01';
const FIX = `ip neigh replace ${ROUTER} lladdr ${MAC} dev eth1 nud permanent`;

const entries = (s: CollectedState) => s.namespaces['']!.neighbours.filter((n) => n.dst === ROUTER);
const onEth1 = (s: CollectedState) => entries(s).find((n) => n.dev === 'eth1');
const describe = (n: Neighbour) => `dev ${n.dev ?? '?'} lladdr ${n.lladdr ?? '(none)'} ${(n.state ?? []).join(',')}`;

export default defineGrader({
  exercise: 'static-neigh',
  request: {
    namespaces: [''],
    ip: ['link', 'addr', 'neigh'],
    details: false,
    probes: [{ id: 'host->router', kind: 'ping', from: '', target: ROUTER }],
  },
  checks: [
    eth1Prepared(),
    check({
      id: 'on-eth1',
      subject: `the neighbour entry for ${ROUTER}`,
      property: 'exists on eth1',
      read: (s) => entries(s).map(describe).join('; ') || 'no entry',
      expect: matches(/(^|; )dev eth1 /),
      pass: `There is an entry for ${ROUTER} on eth1.`,
      fail: ({ actual }) => {
        const stray = /dev (\S+)/.exec(actual)?.[1];
        return stray
          ? `An entry for ${ROUTER} must sit on eth1, the interface that reaches it; found ${actual}. Delete the stray one (ip neigh del ${ROUTER} dev ${stray}) and add it on eth1: ${FIX}`
          : `ip neigh has no entry for ${ROUTER}. Add a static one: ${FIX}`;
      },
    }),
    check({
      id: 'permanent',
      subject: `the entry for ${ROUTER} on eth1`,
      property: 'is PERMANENT',
      requires: ['on-eth1'],
      read: (s) => (onEth1(s)!.state ?? []).join(','),
      expect: equals('PERMANENT'),
      pass: 'It is PERMANENT: no timer ages it out, and ip neigh flush leaves it alone.',
      fail: ({ actual }) =>
        `The entry is ${actual}, a dynamic state: it was learned by ARP (or added with another nud) and will age out or be flushed. Make it static: ${FIX}`,
    }),
    check({
      id: 'mac',
      subject: `the entry for ${ROUTER} on eth1`,
      property: `points at ${MAC}`,
      requires: ['on-eth1'],
      read: (s) => onEth1(s)!.lladdr ?? '(no MAC)',
      expect: equals(MAC),
      pass: `It points at ${MAC}, the lab router's MAC.`,
      fail: ({ actual }) =>
        `The entry points at ${actual}, but the lab router's MAC is ${MAC}: frames for ${ROUTER} go to the wrong station. Correct it: ${FIX}`,
    }),
    check({
      id: 'reach',
      given: true,
      subject: 'the host',
      property: `still pings ${ROUTER}`,
      requires: ['eth1-address'],
      read: probeSucceeded('host->router'),
      expect: equals(true),
      pass: `${ROUTER} answers a ping from the host.`,
      fail: `${ROUTER} does not answer a ping. With a static entry the kernel never asks ARP, so a wrong MAC or device in it breaks the path: check the entry above.`,
    }),
  ],
});
