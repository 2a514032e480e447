/**
 * Equal-cost multipath from edge to the far site's prefix, over two routers:
 *
 *   edge eth1 10.0.1.1 ── 10.0.1.2 [r1] ── far
 *   edge eth2 10.0.2.1 ── 10.0.2.2 [r2] ── far     (far: 198.18.0.1 in 198.18.0.0/24)
 *
 * Graded by the kernel's route (a multipath route or a route to a nexthop group: both next hops
 * in the route the kernel uses, the one of lowest metric), the hash policy, the kernel's own
 * decision for sixteen flows that differ only in their source port (ip route get), a ping out of
 * each port, and real traffic: UDP to ports the task does not name, counted as forwarded by r1
 * and by r2 (/proc/net/snmp's ForwDatagrams, IPv4 only, so IPv6 chatter cannot pass it).
 */
import type { Probe } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals } from '../src/grading/matchers.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { probeSucceeded } from './lib/probes.ts';
import { FLOWS, forwardedBy, forwardedByProbe, lowestMetricNextHops, routeGetSpreadProbe, spreadOf } from './lib/multipath.ts';

const PREFIX = '198.18.0.0/24';
const TARGET = '198.18.0.1';
const HASH = 'net.ipv4.fib_multipath_hash_policy';
const PATHS = [
  { router: 'r1', gateway: '10.0.1.2', dev: 'eth1' },
  { router: 'r2', gateway: '10.0.2.2', dev: 'eth2' },
] as const;
const WANTED = `via ${PATHS.map((p) => p.gateway).join(' and ')}`;
const MULTIPATH = `ip -n edge route add ${PREFIX} nexthop via 10.0.1.2 weight 1 nexthop via 10.0.2.2 weight 1`;

const pathProbe = (path: (typeof PATHS)[number]): Probe => ({
  id: `edge-${path.dev}->${TARGET}`,
  kind: 'command',
  from: 'edge',
  target: `ping -c1 -W2 -I ${path.dev} ${TARGET}`,
  // The pings run side by side (a path not set up yet waits out its timeout), before the UDP
  // flows, which count what each router forwards and so stay in line, after them.
  alongside: true,
});
const SPREAD = routeGetSpreadProbe('edge-spread', 'edge', TARGET);
const FORWARDED = forwardedByProbe('edge-udp-flows', 'edge', TARGET, PATHS.map((p) => p.router));

export default defineGrader({
  exercise: 'ecmp-two-paths',
  request: {
    namespaces: ['edge'],
    ip: ['route'],
    details: false,
    sysctls: [HASH],
    probes: [SPREAD, ...PATHS.map(pathProbe), FORWARDED, { id: `edge->${TARGET}`, kind: 'ping', from: 'edge', target: TARGET, alongside: true }],
  },
  checks: [
    ...['edge', 'r1', 'r2', 'far'].map((ns) => namespaceExists(ns, { madeBySetUp: true })),
    check({
      id: 'route',
      subject: `edge's route to ${PREFIX}`,
      property: `has both next hops, ${PATHS.map((p) => p.gateway).join(' and ')}, in the one route the kernel uses`,
      requires: ['edge-exists'],
      read: (s) => lowestMetricNextHops(s.namespaces.edge, PREFIX),
      expect: equals(WANTED),
      pass: `edge's route to ${PREFIX} has two next hops: r1 and r2.`,
      fail: ({ actual }) => {
        const found = actual.replace(/"/g, '');
        if (found === 'no route') return `edge has no route to ${PREFIX}. Give it one with both next hops: ${MULTIPATH}`;
        return (
          `edge's route to ${PREFIX} goes ${found}, but it must go ${WANTED} (r1 and r2 on their cables) in one route. ` +
          'Two routes with different metrics are a primary and a backup, not two paths: only the lowest metric is used. ' +
          `Replace it with one multipath route: ip -n edge route del ${PREFIX}; ${MULTIPATH}`
        );
      },
    }),
    check({
      id: 'hash-policy',
      subject: `${HASH} in edge`,
      property: 'is 1: flows are hashed on addresses and ports (L4)',
      requires: ['edge-exists'],
      read: (s) => s.sysctls.edge?.[HASH] ?? 'unreadable',
      expect: equals('1'),
      pass: 'edge hashes flows on addresses and ports, so flows to one address spread over both paths.',
      fail: ({ actual }) =>
        `${HASH} is ${actual.replace(/"/g, '')} in edge: with 0 the hash covers the addresses only, so every flow to ${TARGET} takes one path. ` +
        `Set it in edge's namespace (each namespace has its own): ip netns exec edge sysctl -w ${HASH}=1`,
    }),
    check({
      id: 'spreads',
      subject: `the kernel's choice for ${FLOWS} UDP flows to ${TARGET}`,
      property: 'uses both next hops (ip route get, one source port per flow)',
      requires: ['route', 'hash-policy'],
      read: spreadOf(SPREAD.id),
      expect: equals(WANTED),
      pass: `ip route get sends some flows via ${PATHS[0].gateway} and others via ${PATHS[1].gateway}.`,
      fail: ({ actual }) =>
        `For ${FLOWS} flows that differ in their source port, the kernel chose ${actual.replace(/"/g, '')}. ` +
        `See for yourself: ip -n edge route get ${TARGET} ipproto udp sport 40001 dport 53, then sport 40002...`,
    }),
    ...PATHS.map((path) =>
      check({
        id: `path-${path.router}`,
        subject: `the path through ${path.router}`,
        property: `carries a ping from edge's ${path.dev} to ${TARGET}`,
        requires: ['route'],
        read: probeSucceeded(pathProbe(path).id),
        expect: equals(true),
        pass: `A ping bound to ${path.dev} reaches ${TARGET} through ${path.router}.`,
        fail:
          `edge cannot reach ${TARGET} out of ${path.dev}: the next hop on ${path.dev} must be ${path.gateway} (${path.router}). ` +
          `Look at the route's next hops (ip -n edge route show ${PREFIX}, ip -n edge nexthop) and try it: ip netns exec edge ping -c1 -I ${path.dev} ${TARGET}`,
      }),
    ),
    check({
      id: 'traffic-both-ways',
      subject: `UDP flows from edge to ${TARGET}`,
      property: 'are forwarded by r1 and by r2 (their ForwDatagrams counters both move)',
      requires: ['spreads'],
      weight: 2,
      read: forwardedBy(FORWARDED.id),
      expect: equals(PATHS.map((p) => p.router).join(' and ')),
      pass: 'Real traffic went both ways: r1 and r2 each forwarded some of the flows.',
      fail: ({ actual }) =>
        `Of ${FLOWS} UDP flows from edge to ${TARGET}, forwarded by: ${actual.replace(/"/g, '')}. Both routers must carry some: ` +
        'check each next hop (ip -n edge route show 198.18.0.0/24) and each router (ip netns exec r2 sysctl net.ipv4.ip_forward).',
    }),
    check({
      id: 'reaches',
      subject: 'edge',
      property: `pings ${TARGET}`,
      requires: ['route'],
      read: probeSucceeded(`edge->${TARGET}`),
      expect: equals(true),
      pass: `edge reaches ${TARGET}.`,
      fail: `edge cannot ping ${TARGET}. Try ip netns exec edge ping -c1 ${TARGET}, and ip -n edge route get ${TARGET} to see which way it goes.`,
    }),
  ],
});
