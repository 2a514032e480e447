/**
 * A VXLAN overlay across a routed underlay:
 *
 *   site1 eth0 172.16.1.2 ── 172.16.1.1 [core] 172.16.2.1 ── 172.16.2.2 eth0 site2
 *   overlay: 10.42.0.1/24 (site1) and 10.42.0.2/24 (site2) on VNI 42, UDP 4789 (the defaults;
 *   an exam draws the VNI and the overlay's /24 per candidate)
 *
 * Graded by what the kernel shows (a VXLAN device vxlan0 with the VNI and the IANA port, the
 * overlay address on it or on a bridge it is a port of, an MTU that leaves room for the 50 bytes
 * of encapsulation), by pings across the overlay both ways, and by the overlay ping really going
 * through vxlan0: its counters, read before and after a ping, must move both ways.
 */
import definition from '../exercises/vxlan-overlay/exercise.json' with { type: 'json' };
import type { CollectedState, Probe } from '../src/state/collect.ts';
import { findLink, type Link } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineParameterizedGrader } from '../src/grading/grader.ts';
import { any, between, equals } from '../src/grading/matchers.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { probeResult, probeSucceeded } from './lib/probes.ts';

const PORT = 4789;
/** 1500 minus the outer IPv4 (20), UDP (8), VXLAN (8) and inner Ethernet (14) headers. */
const MAX_MTU = 1450;

interface Side {
  ns: 'site1' | 'site2';
  underlay: string;
  overlay: string;
  peer: 'site1' | 'site2';
  peerUnderlay: string;
  peerOverlay: string;
  /** The segment's VNI, the same on both sides. */
  vni: number;
}

/** Both VTEPs, from the VNI and the two overlay addresses (without their /24). */
const sidesOf = (vni: number, site1: string, site2: string): [Side, Side] => [
  { ns: 'site1', underlay: '172.16.1.2', overlay: site1, peer: 'site2', peerUnderlay: '172.16.2.2', peerOverlay: site2, vni },
  { ns: 'site2', underlay: '172.16.2.2', overlay: site2, peer: 'site1', peerUnderlay: '172.16.1.2', peerOverlay: site1, vni },
];

const pingProbe = (side: Side): Probe => ({ id: `${side.ns}->${side.peerOverlay}`, kind: 'ping', from: side.ns, target: side.peerOverlay });
/**
 * The ping's payload in bytes, larger than anything else vxlan0 carries in two seconds: the
 * overlay's own IPv6 chatter just after its link comes up (router solicitations, MLD reports,
 * duplicate address detection) is a few hundred bytes, and once counted as the ping itself.
 */
const PING_PAYLOAD = 1200;
const COUNTERS_ID = 'site1-vxlan0-counters';
/** vxlan0's counters in site1, a ping of PING_PAYLOAD bytes across the overlay to `target`, and the counters again: two JSON lines. */
const countersProbe = (target: string): Probe => ({
  id: COUNTERS_ID,
  kind: 'command',
  from: 'site1',
  target: `ip -s -j link show dev vxlan0 && ping -c1 -W2 -s ${PING_PAYLOAD} ${target} >/dev/null; ip -s -j link show dev vxlan0`,
});

const vxlan0 = (s: CollectedState, ns: string) => findLink(s.namespaces[ns], 'vxlan0');
const data = (link: Link | undefined) => (link?.linkinfo?.info_data ?? {}) as Record<string, unknown>;
const create = ({ ns, underlay, peerUnderlay, vni }: Side) => `ip -n ${ns} link add vxlan0 type vxlan id ${vni} dstport ${PORT} local ${underlay} remote ${peerUnderlay} dev eth0`;

/** The interface in `ns` that holds the side's overlay address /24, wherever the learner put it. */
function holder(s: CollectedState, side: Side): Link | undefined {
  const state = s.namespaces[side.ns];
  const name = Object.entries(state?.addresses ?? {}).find(([, list]) => list.includes(`${side.overlay}/24`))?.[0];
  return name ? findLink(state, name) : undefined;
}

/** Whether vxlan0 carried the probe's ping out and its answer in: its tx and rx byte counts before and after, from the two JSON lines. */
function counterDeltas(s: CollectedState): string {
  const probe = probeResult(s, COUNTERS_ID);
  const reads = probe.output
    .split('\n')
    .filter((line) => line.startsWith('['))
    .map((line) => (JSON.parse(line) as Array<{ stats64?: { rx?: { bytes?: number }; tx?: { bytes?: number } } }>)[0]?.stats64);
  if (reads.length !== 2 || !reads[0] || !reads[1]) return 'no counters (site1 has no vxlan0)';
  // Bytes, not packets: only the ping and its answer are as large as its payload (see PING_PAYLOAD).
  const sent = (reads[1].tx?.bytes ?? 0) - (reads[0].tx?.bytes ?? 0) >= PING_PAYLOAD;
  const received = (reads[1].rx?.bytes ?? 0) - (reads[0].rx?.bytes ?? 0) >= PING_PAYLOAD;
  if (!sent) return 'sent nothing';
  return `sent, ${received ? 'received' : 'received nothing'}`;
}

const sideChecks = (side: Side) => {
  const { ns, overlay, peer, peerOverlay, vni } = side;
  return [
    check({
      id: `${ns}-vxlan`,
      subject: `vxlan0 in ${ns}`,
      property: `is a VXLAN device with VNI ${vni}`,
      requires: [`${ns}-exists`],
      read: (s) => {
        const link = vxlan0(s, ns);
        if (!link) return 'missing';
        const kind = link.linkinfo?.info_kind ?? 'plain';
        return kind === 'vxlan' ? `vxlan id ${String(data(link).id)}` : `a ${kind} interface`;
      },
      expect: equals(`vxlan id ${vni}`),
      pass: `${ns} has vxlan0 on VNI ${vni}.`,
      fail: ({ actual }) =>
        actual === '"missing"'
          ? `${ns} has no vxlan0. Create it: ${create(side)}`
          : `vxlan0 in ${ns} is ${actual.replace(/"/g, '')}, but the segment is VNI ${vni}: both ends must use the same VNI, like the same VLAN on both ends of a trunk. ` +
            `The VNI cannot be changed in place: ip -n ${ns} link del vxlan0; ${create(side)}`,
    }),
    check({
      id: `${ns}-port`,
      subject: `vxlan0 in ${ns}`,
      property: `sends to UDP port ${PORT}`,
      requires: [`${ns}-vxlan`],
      read: (s) => Number(data(vxlan0(s, ns)).port ?? 0),
      expect: equals(PORT),
      pass: `vxlan0 in ${ns} uses UDP ${PORT}, the IANA port every VTEP listens on.`,
      fail: ({ actual }) =>
        `vxlan0 in ${ns} uses UDP port ${actual}. Without dstport Linux uses 8472, its port from before IANA assigned ${PORT}; a switch's VTEP would never hear it. ` +
        `Recreate it with dstport ${PORT}: ip -n ${ns} link del vxlan0; ${create(side)}`,
    }),
    check({
      id: `${ns}-overlay-address`,
      subject: `${overlay}/24 in ${ns}`,
      property: 'sits on vxlan0, or on a bridge that vxlan0 is a port of',
      requires: [`${ns}-vxlan`],
      read: (s) => {
        const link = holder(s, side);
        if (!link) return 'on no interface';
        if (link.ifname === 'vxlan0') return 'on vxlan0';
        if (link.linkinfo?.info_kind === 'bridge' && vxlan0(s, ns)?.master === link.ifname) return 'on a bridge with vxlan0';
        return `on ${link.ifname}, which does not lead into vxlan0`;
      },
      expect: any(equals('on vxlan0'), equals('on a bridge with vxlan0')),
      pass: ({ actual }) => `${overlay}/24 is ${actual.replace(/"/g, '')}: what it sends is encapsulated.`,
      fail: ({ actual }) =>
        `${overlay}/24 is ${actual.replace(/"/g, '')}. The overlay's addresses belong on the VXLAN device (or a bridge it is a port of), so that their traffic is encapsulated; ` +
        `on an underlay port they are just routed, and the underlay must learn them. Move it: ip -n ${ns} addr add ${overlay}/24 dev vxlan0`,
    }),
    check({
      id: `${ns}-mtu`,
      subject: `the overlay in ${ns}`,
      property: `has an MTU of at most ${MAX_MTU}, so an encapsulated packet fits the 1500-byte underlay`,
      requires: [`${ns}-overlay-address`],
      read: (s) => Math.max(vxlan0(s, ns)?.mtu ?? 0, holder(s, side)?.mtu ?? 0),
      expect: between(1280, MAX_MTU),
      pass: ({ actual }) => `The overlay's MTU is ${actual}: with the 50 bytes of VXLAN it still fits the underlay.`,
      fail: ({ actual }) =>
        `The overlay in ${ns} has an MTU of ${actual}: a full-size inner packet plus 50 bytes of outer IPv4, UDP, VXLAN and Ethernet headers does not fit the 1500-byte underlay, ` +
        `so every large packet is fragmented on the way (or dropped where DF is set). Set it to ${MAX_MTU}: ip -n ${ns} link set vxlan0 mtu ${MAX_MTU} (and the bridge, if the address is on one).`,
    }),
    check({
      id: `${ns}-reaches-${peer}`,
      subject: ns,
      property: `pings ${peerOverlay} across the overlay`,
      requires: [`${ns}-overlay-address`],
      weight: 2,
      read: probeSucceeded(pingProbe(side).id),
      expect: equals(true),
      pass: `${ns} reaches ${peerOverlay} over VXLAN.`,
      fail:
        `${ns} cannot ping ${peerOverlay}. Check each end: both vxlan0 up with the same VNI and port (ip -n ${ns} -d link show vxlan0), ` +
        `each sending to the other's underlay address (its remote, or bridge -n ${ns} fdb show dev vxlan0 for a 00:00:00:00:00:00 entry with dst ${side.peerUnderlay}), ` +
        'and the underlay itself (ip netns exec site1 ping 172.16.2.2).',
    }),
  ];
};

export default defineParameterizedGrader(definition, (p) => {
  const SIDES = sidesOf(Number(p.vni), String(p.site1_ip), String(p.site2_ip));
  const site2 = String(p.site2_ip);
  return {
    request: {
      namespaces: SIDES.map((side) => side.ns),
      ip: ['link', 'addr'],
      probes: [...SIDES.map(pingProbe), countersProbe(site2)],
    },
    checks: [
      ...SIDES.map(({ ns }) => namespaceExists(ns, { madeBySetUp: true })),
      ...SIDES.flatMap(sideChecks),
      check({
        id: 'encapsulated',
        subject: `a ping from site1 to ${site2}`,
        property: 'goes out and comes back through vxlan0 (its byte counters move by the ping, both ways)',
        requires: ['site1-reaches-site2', 'site1-overlay-address'],
        read: counterDeltas,
        expect: equals('sent, received'),
        pass: 'vxlan0 in site1 counted the ping out and its answer in: the overlay really runs over VXLAN.',
        fail: ({ actual }) =>
          `During a ping from site1 to ${site2}, vxlan0 in site1 ${actual.replace(/"/g, '')}: the ping took another way. ` +
          `Remove routes and addresses that reach the overlay without it (ip -n site1 route get ${site2} must say dev vxlan0, or the bridge vxlan0 is a port of).`,
      }),
    ],
  };
});
