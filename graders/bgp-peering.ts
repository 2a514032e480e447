/**
 * Two FRR speakers peering over eBGP, each announcing its LAN:
 *
 *   left  (AS 65001) eth0 10.0.12.1 ── 10.0.12.2 eth0 right (AS 65002)
 *   left lan0 192.168.1.0/24                    right lan0 192.168.2.0/24
 *
 * Graded from FRR's live state in each namespace's path space (bgpd's answers to
 * `show bgp summary json` and `show bgp ipv4 unicast json`, zebra's pid and socket), from the
 * kernel's table (a `proto bgp` route to the peer's LAN) and from pings between the two LANs'
 * addresses. Nothing is compared with a stored answer: the session, the prefixes and the routes
 * are read as they are when the learner presses Check.
 */
import type { CollectedState } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals, matches } from '../src/grading/matchers.ts';
import { bestPath, frrProbe, frrState } from './lib/frr.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { probeSucceeded } from './lib/probes.ts';

const SIDES = [
  { ns: 'left', as: 65001, address: '10.0.12.1', lan: '192.168.1.0/24', lanAddress: '192.168.1.1', peer: 'right' },
  { ns: 'right', as: 65002, address: '10.0.12.2', lan: '192.168.2.0/24', lanAddress: '192.168.2.1', peer: 'left' },
] as const;
type Side = (typeof SIDES)[number];
const other = (side: Side) => SIDES.find((s) => s.ns === side.peer)!;

const START = (ns: string) => `ip netns exec ${ns} /usr/lib/frr/zebra -d -N ${ns}; ip netns exec ${ns} /usr/lib/frr/bgpd -d -N ${ns}`;
const CONFIGURE = (side: Side) =>
  `vtysh -N ${side.ns} -c 'configure terminal' -c 'router bgp ${side.as}' -c 'no bgp ebgp-requires-policy' ` +
  `-c 'neighbor ${other(side).address} remote-as ${other(side).as}' -c 'network ${side.lan}'`;

const pingProbe = (side: Side) => ({
  id: `${side.ns}-lan->${other(side).lanAddress}`,
  kind: 'command' as const,
  from: side.ns,
  target: `ping -c1 -W2 -I ${side.lanAddress} ${other(side).lanAddress}`,
  // Side by side: before the peering is up, each waits out its timeout.
  alongside: true,
});

const bgpOf = (s: CollectedState, ns: string) => frrState(s, ns).bgp;
const unquote = (actual: string) => actual.replace(/"/g, '');

const sideChecks = (side: Side) => {
  const { ns } = side;
  const peer = other(side);
  return [
    check({
      id: `${ns}-bgpd`,
      subject: `FRR in ${ns}`,
      property: `runs bgpd in ${ns}'s path space (/var/run/frr/${ns}/)`,
      requires: [`${ns}-exists`],
      read: (s) => (bgpOf(s, ns) ? 'bgpd running' : 'bgpd not running'),
      expect: equals('bgpd running'),
      pass: `bgpd answers in ${ns}.`,
      fail:
        `No bgpd answers in ${ns}: /var/run/frr/${ns}/bgpd.vty is missing. Start zebra and bgpd inside the namespace, each with the namespace's path space: ${START(ns)}`,
    }),
    check({
      id: `${ns}-as`,
      subject: `bgpd in ${ns}`,
      property: `runs router bgp ${side.as}`,
      requires: [`${ns}-bgpd`],
      read: (s) => bgpOf(s, ns)?.as ?? 'no router bgp',
      expect: equals<number | string>(side.as),
      pass: `${ns} is AS ${side.as}.`,
      fail: ({ actual }) =>
        unquote(actual) === 'no router bgp'
          ? `bgpd in ${ns} has no BGP instance yet. Configure it: ${CONFIGURE(side)}`
          : `${ns} runs router bgp ${unquote(actual)}, but it is AS ${side.as}. An instance's AS cannot be changed in place: vtysh -N ${ns} -c 'configure terminal' -c 'no router bgp ${unquote(actual)}', then configure router bgp ${side.as}.`,
    }),
    check({
      id: `${ns}-neighbor`,
      subject: `${ns}'s BGP neighbours`,
      property: `include ${peer.address} remote-as ${peer.as} (${peer.ns} on the cable)`,
      requires: [`${ns}-as`],
      read: (s) =>
        Object.entries(bgpOf(s, ns)?.peers ?? {})
          .map(([address, p]) => `${address} remote-as ${String(p.remoteAs)}`)
          .join(', ') || 'none',
      expect: matches(new RegExp(`(^|, )${peer.address.replace(/\./g, '\\.')} remote-as ${peer.as}(,|$)`)),
      pass: `${ns} peers with ${peer.address} in AS ${peer.as}.`,
      fail: ({ actual }) =>
        `${ns}'s neighbours: ${unquote(actual)}. An eBGP neighbour is the peer's address on the shared cable (${peer.address}, not an address behind it) with the peer's AS (${peer.as}): ` +
        `vtysh -N ${ns} -c 'configure terminal' -c 'router bgp ${side.as}' -c 'neighbor ${peer.address} remote-as ${peer.as}' (and no neighbor ... for a wrong one).`,
    }),
    check({
      id: `${ns}-session`,
      subject: `the session from ${ns} to ${peer.address}`,
      property: 'is Established',
      requires: [`${ns}-neighbor`],
      weight: 2,
      read: (s) => bgpOf(s, ns)?.peers[peer.address]?.state ?? 'not configured',
      expect: equals('Established'),
      pass: `${ns} and ${peer.ns} have an established BGP session.`,
      fail: ({ actual }) =>
        `The session from ${ns} to ${peer.address} is ${unquote(actual)}. Both ends must name each other (address and AS) and both bgpd must run; ` +
        `a new session takes a few seconds, so look again with vtysh -N ${ns} -c 'show ip bgp summary' and vtysh -N ${ns} -c 'show bgp neighbors ${peer.address}' (its "Last reset" line says why it went down).`,
    }),
    check({
      id: `${ns}-originates`,
      subject: `${ns}'s BGP table`,
      property: `has ${side.lan}, ${ns}'s own LAN, to announce`,
      requires: [`${ns}-as`],
      read: (s) => {
        const routes = bgpOf(s, ns)?.routes ?? {};
        if (bestPath(routes, side.lan)?.peerId === '(unspec)') return 'originated';
        const own = Object.entries(routes).flatMap(([prefix, paths]) => {
          const local = paths.find((p) => p.peerId === '(unspec)');
          if (!local) return [];
          return [local.valid !== true ? `${prefix} (not in ${ns}'s routing table, so never announced)` : prefix];
        });
        return own.length ? `only ${own.join(', ')}` : 'nothing of its own';
      },
      expect: equals('originated'),
      pass: `${ns} announces ${side.lan}.`,
      fail: ({ actual }) =>
        `${ns}'s BGP table has ${unquote(actual)}, not ${side.lan}. Announce the LAN with a network statement that matches a route in ${ns}'s routing table exactly ` +
        `(lan0 has ${side.lanAddress}/24, so ${side.lan}; a network FRR cannot find in the RIB is never announced): vtysh -N ${ns} -c 'configure terminal' -c 'router bgp ${side.as}' -c 'network ${side.lan}'`,
    }),
    check({
      id: `${ns}-learned`,
      subject: `${ns}'s BGP table`,
      property: `has ${peer.lan} from ${peer.address} as its best path`,
      requires: [`${ns}-session`],
      read: (s) => {
        const bgp = bgpOf(s, ns);
        const path = bestPath(bgp?.routes ?? {}, peer.lan);
        if (path?.peerId === peer.address) return 'learned';
        const policy = bgp?.peers[peer.address]?.peerState === 'Policy' ? ' (the session shows (Policy))' : '';
        return `not received${policy}`;
      },
      expect: equals('learned'),
      pass: `${ns} learned ${peer.lan} from ${peer.ns}.`,
      fail: ({ actual }) =>
        unquote(actual).includes('(Policy)')
          ? `${ns} received nothing from ${peer.address}: the session shows (Policy). FRR follows RFC 8212: an eBGP session with no policy accepts and sends nothing. ` +
            `Either vtysh -N ${ns} -c 'configure terminal' -c 'router bgp ${side.as}' -c 'no bgp ebgp-requires-policy', or a route-map in and out for the neighbour (on both routers).`
          : `${ns} has not learned ${peer.lan} from ${peer.address}: ${peer.ns} must announce it (a network statement for its LAN) and accept nothing less; see vtysh -N ${ns} -c 'show ip bgp' and vtysh -N ${peer.ns} -c 'show ip bgp neighbors ${side.address} advertised-routes'.`,
    }),
    check({
      id: `${ns}-kernel`,
      subject: `${ns}'s kernel routing table`,
      property: `has ${peer.lan} via ${peer.address}, put there by FRR (proto bgp)`,
      requires: [`${ns}-learned`],
      weight: 2,
      read: (s) => {
        const route = (s.namespaces[ns]?.routes ?? []).find((r) => r.dst === peer.lan && (r.table ?? 'main') === 'main');
        if (route?.protocol === 'bgp' && route.gateway === peer.address) return 'proto bgp via the peer';
        const zebra = frrState(s, ns).zebra ? '' : `; zebra is not running in ${ns}`;
        return route ? `proto ${route.protocol ?? '?'} via ${route.gateway ?? route.dev ?? '?'}${zebra}` : `no route${zebra}`;
      },
      expect: equals('proto bgp via the peer'),
      pass: `${ns}'s kernel routes ${peer.lan} via ${peer.address}: zebra installed bgpd's best path (proto bgp).`,
      fail: ({ actual }) =>
        `${ns}'s kernel has ${unquote(actual)} for ${peer.lan}, though bgpd learned it. zebra is the daemon that writes FRR's best routes into the kernel: ` +
        `start it in the namespace (ip netns exec ${ns} /usr/lib/frr/zebra -d -N ${ns}) and the route appears as proto bgp; a static route typed by hand does not count.`,
    }),
    check({
      id: `${ns}-reaches`,
      subject: `${side.lanAddress} in ${ns}`,
      property: `pings ${peer.lanAddress} on ${peer.ns}'s LAN`,
      requires: [`${ns}-kernel`],
      read: probeSucceeded(pingProbe(side).id),
      expect: equals(true),
      pass: `${ns}'s LAN reaches ${peer.ns}'s LAN.`,
      fail: `A ping from ${side.lanAddress} to ${peer.lanAddress} got no answer: both kernels need the other's LAN (ip -n ${ns} route, ip -n ${peer.ns} route).`,
    }),
  ];
};

export default defineGrader({
  exercise: 'bgp-peering',
  request: {
    namespaces: SIDES.map((s) => s.ns),
    ip: ['route'],
    details: false,
    probes: [...SIDES.map((s) => frrProbe(s.ns)), ...SIDES.map(pingProbe)],
  },
  checks: [
    ...SIDES.map(({ ns }) => namespaceExists(ns, { madeBySetUp: true })),
    ...SIDES.flatMap(sideChecks),
  ],
});
