import type { CollectedState } from '../src/state/collect.ts';
import { findLink, isUp, type Link } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals, matches } from '../src/grading/matchers.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { probeSucceeded } from './lib/probes.ts';

const VLAN = 100;
const SIDES = [
  { ns: 'east', address: '192.168.100.1', peer: 'west', peerAddress: '192.168.100.2' },
  { ns: 'west', address: '192.168.100.2', peer: 'east', peerAddress: '192.168.100.1' },
] as const;

/** The interface in `ns` that holds `address`/24, wherever the learner put it. */
function holder(s: CollectedState, ns: string, address: string): Link | undefined {
  const state = s.namespaces[ns];
  const name = Object.entries(state?.addresses ?? {}).find(([, list]) => list.includes(`${address}/24`))?.[0];
  return name ? findLink(state, name) : undefined;
}

/** Where a VLAN interface sits: "on eth0", "on eth0 through the bridge br0" (the trunk as a bridge port), or elsewhere. */
function parentOf(s: CollectedState, ns: string, link: Link): string {
  const parent = link.link ? findLink(s.namespaces[ns], link.link) : undefined;
  if (!parent) return link.link_netnsid === undefined ? 'on no parent' : 'on a parent in another namespace';
  if (parent.ifname === 'eth0') return 'on eth0';
  const trunk = findLink(s.namespaces[ns], 'eth0');
  if (parent.linkinfo?.info_kind === 'bridge' && trunk?.master === parent.ifname) return `on eth0 through the bridge ${parent.ifname}`;
  return `on ${parent.ifname}, a ${parent.linkinfo?.info_kind ?? 'plain'} interface`;
}

const describeKind = (link: Link) =>
  link.linkinfo?.info_kind === 'vlan' ? `VLAN ${String(link.linkinfo.info_data?.id)}` : `${link.linkinfo?.info_kind ?? 'plain'} interface`;

export default defineGrader({
  exercise: 'vlan-trunk',
  request: {
    namespaces: ['east', 'west'],
    ip: ['link', 'addr'],
    probes: SIDES.map(({ ns, peerAddress }) => ({ id: `${ns}->${peerAddress}`, kind: 'ping' as const, from: ns, target: peerAddress })),
  },
  checks: [
    ...SIDES.map(({ ns }) => namespaceExists(ns, { madeBySetUp: true })),
    ...SIDES.flatMap(({ ns, address }) => {
      const create = `ip -n ${ns} link add link eth0 name eth0.${VLAN} type vlan id ${VLAN}; ip -n ${ns} addr add ${address}/24 dev eth0.${VLAN}; ip -n ${ns} link set eth0.${VLAN} up`;
      return [
        check({
          id: `${ns}-vlan`,
          subject: `${address}/24 in ${ns}`,
          property: `sits on a VLAN ${VLAN} interface`,
          requires: [`${ns}-exists`],
          read: (s) => {
            const link = holder(s, ns, address);
            return link ? `${link.ifname}: ${describeKind(link)}` : 'on no interface';
          },
          expect: matches(new RegExp(`: VLAN ${VLAN}$`)),
          pass: ({ actual }) => `${address}/24 is on ${actual}: its frames cross the trunk tagged ${VLAN}.`,
          fail: ({ actual }) => {
            const [, name, kind] = /^"(\S+): (.*)"$/.exec(actual) ?? [];
            if (!name) return `No interface in ${ns} has ${address}/24. Give it a VLAN ${VLAN} sub-interface on the trunk: ${create}`;
            if (kind?.startsWith('VLAN')) {
              return `${address}/24 is on ${name}, which is ${kind}, but the trunk carries the subnet on VLAN ${VLAN}: both ends must use the same id. Recreate it: ip -n ${ns} link del ${name}; ${create}`;
            }
            return `${address}/24 is on ${name}, a ${kind}, not a VLAN interface: its frames leave untagged, like an address on the physical port of a trunk. Move it to a sub-interface: ip -n ${ns} addr del ${address}/24 dev ${name}; ${create}`;
          },
        }),
        check({
          id: `${ns}-vlan-protocol`,
          subject: `the VLAN interface in ${ns}`,
          property: 'tags 802.1Q (dot1Q)',
          requires: [`${ns}-vlan`],
          read: (s) => {
            const link = holder(s, ns, address)!;
            return `${link.ifname} ${String(link.linkinfo?.info_data?.protocol ?? 'no protocol')}`;
          },
          expect: matches(/ 802\.1Q$/),
          pass: ({ actual }) => `${actual.replace(/"/g, '')}: the dot1Q tag of a trunk.`,
          fail: ({ actual }) => {
            const [name, protocol] = actual.replace(/"/g, '').split(' ');
            return (
              `${name} in ${ns} tags ${protocol}, not 802.1Q: 802.1ad is the outer (QinQ) tag, with another ethertype, and a dot1Q trunk port does not take it as VLAN ${VLAN}. ` +
              `The protocol is fixed when the interface is created (802.1Q unless "proto" says otherwise): ip -n ${ns} link del ${name}; ${create}`
            );
          },
        }),
        check({
          id: `${ns}-on-trunk`,
          subject: `the VLAN interface in ${ns}`,
          property: 'sits on the trunk eth0',
          requires: [`${ns}-vlan`],
          read: (s) => parentOf(s, ns, holder(s, ns, address)!),
          expect: matches(/^on eth0( |$)/),
          pass: ({ actual }) => `It is ${actual.replace(/"/g, '')}: its frames cross the trunk.`,
          fail: ({ actual }) =>
            `The VLAN interface in ${ns} is ${actual.replace(/"/g, '')}, not on the trunk eth0 the set-up cabled between east and west: its tags never cross that cable. ` +
            `Delete it and create it on eth0: ${create}`,
        }),
        check({
          id: `${ns}-up`,
          subject: `the VLAN interface in ${ns}`,
          property: 'is up',
          requires: [`${ns}-vlan`],
          read: (s) => {
            const link = holder(s, ns, address)!;
            return `${link.ifname} ${isUp(link) ? 'up' : 'down'}`;
          },
          expect: matches(/ up$/),
          pass: ({ actual }) => `${actual} in ${ns}.`,
          fail: ({ actual }) => {
            const name = actual.replace(/^"(\S+) down"$/, '$1');
            return `${name} in ${ns} is down: a new VLAN interface starts down. Bring it up: ip -n ${ns} link set ${name} up`;
          },
        }),
      ];
    }),
    ...SIDES.map(({ ns, peer, peerAddress }) =>
      check({
        id: `${ns}-reaches-${peer}`,
        subject: ns,
        property: `pings ${peer} at ${peerAddress} over VLAN ${VLAN}`,
        requires: [`${ns}-exists`, `${peer}-exists`],
        read: probeSucceeded(`${ns}->${peerAddress}`),
        expect: equals(true),
        pass: `${peerAddress} answers ${ns}.`,
        fail: `${ns} cannot reach ${peerAddress}. Both ends need VLAN ${VLAN} sub-interfaces on the trunk, with the same id, up and addressed in 192.168.100.0/24.`,
      }),
    ),
  ],
});
