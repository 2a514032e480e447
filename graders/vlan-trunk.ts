import type { CollectedState } from '../src/state/collect.ts';
import { findLink, isUp, type Link } from '../src/state/parse-ip.ts';
import { check } from './check.ts';
import { defineGrader } from './grader.ts';
import { equals, matches } from './matchers.ts';
import { namespaceExists } from './namespaces.ts';
import { probeSucceeded } from './probes.ts';

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
    ...SIDES.map(({ ns }) => ({
      ...namespaceExists(ns),
      fail: ({ actual }: { actual: string }) => `The set-up's namespace ${ns} is gone (ip netns list shows ${actual}). Press Start again to get it and the trunk back.`,
    })),
    ...SIDES.flatMap(({ ns, address }) => {
      const create = `ip -n ${ns} link add link eth0 name eth0.${VLAN} type vlan id ${VLAN}; ip -n ${ns} addr add ${address}/24 dev eth0.${VLAN}; ip -n ${ns} link set eth0.${VLAN} up`;
      return [
        check<CollectedState>({
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
        check<CollectedState>({
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
      check<CollectedState>({
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
