import type { CollectedState } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { contains, equals } from '../src/grading/matchers.ts';
import { cableEnds } from './lib/cable.ts';
import { describeIpv6Address, gatewayAddresses, ipv6AddressState, ping6Probe, pingAnswer } from './lib/ipv6.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { routeDecision, routeGetProbe } from './lib/route-get.ts';

const NAMESPACES = ['west', 'east', 'rtr'] as const;
const FORWARDING = 'net.ipv6.conf.all.forwarding';
const IPV4_FORWARDING = 'net.ipv4.ip_forward';

/** Each end host: its address, the router's address on its side, and the far host it must reach. */
const SIDES = [
  { ns: 'west', address: '2001:db8:a::2', gateway: '2001:db8:a::1', far: 'east', farAddress: '2001:db8:b::2', farSubnet: '2001:db8:b::/64' },
  { ns: 'east', address: '2001:db8:b::2', gateway: '2001:db8:b::1', far: 'west', farAddress: '2001:db8:a::2', farSubnet: '2001:db8:a::/64' },
] as const;
type Side = (typeof SIDES)[number];

/** rtr's end of the cable from `side`, as "to-west: 2001:db8:a::1/64 ...", or what stands in the way. */
function routerEnd(s: CollectedState, side: Side): string {
  const { here, there } = cableEnds(s, side.ns, `${side.address}/64`, 'rtr');
  if (!here) return `${side.address} is on no interface of ${side.ns}`;
  if (!there) return `${here} in ${side.ns} is not a cable to rtr`;
  const global = gatewayAddresses(s, 'rtr', there).filter((a) => !a.startsWith('fe80:'));
  return `${there}: ${global.map((a) => `${a}/64`).join(' ') || 'no global IPv6 address'}`;
}

/** Whether the kernel in `side.ns` sends to the far host through rtr: "via rtr", or its decision. */
function routeThroughRouter(s: CollectedState, side: Side): string {
  const decision = routeDecision(`${side.ns}-route`)(s);
  const there = cableEnds(s, side.ns, `${side.address}/64`, 'rtr').there;
  const gateway = /^via (\S+)/.exec(decision)?.[1];
  if (gateway && there && gatewayAddresses(s, 'rtr', there).includes(gateway)) return 'via rtr';
  return gateway ? decision : `${decision.replace(/ table main$/, '')}${decision.startsWith('no route') ? '' : ', with no gateway'}`;
}

export default defineGrader({
  exercise: 'ipv6-router',
  request: {
    namespaces: [...NAMESPACES],
    ip: ['link', 'addr'],
    details: false,
    settleIpv6: true,
    sysctls: [FORWARDING, IPV4_FORWARDING],
    probes: [
      ...SIDES.map((side) => routeGetProbe(`${side.ns}-route`, side.farAddress, side.ns)),
      ...SIDES.map((side) => ping6Probe(`${side.ns}->${side.far}`, side.ns, side.farAddress)),
    ],
  },
  checks: [
    ...NAMESPACES.map((ns) => namespaceExists(ns)),
    ...SIDES.map((side) =>
      check({
        id: `${side.ns}-address`,
        subject: side.ns,
        property: `has ${side.address}/64, usable`,
        requires: [`${side.ns}-exists`],
        read: (s) => (ipv6AddressState(s, side.ns, `${side.address}/64`) === 'ready' ? 'ready' : describeIpv6Address(s, side.ns, `${side.address}/64`)),
        expect: equals('ready'),
        fail: ({ actual }) =>
          `${side.ns} should have ${side.address}/64 on its cable to rtr: ${actual.replace(/"/g, '')}. ` +
          `Add it with: ip -n ${side.ns} addr add ${side.address}/64 dev <its end>, and check it with ip -n ${side.ns} -6 addr`,
      }),
    ),
    ...SIDES.map((side) =>
      check({
        id: `rtr-${side.ns}-address`,
        subject: 'rtr',
        property: `has ${side.gateway}/64 on its end of the cable to ${side.ns}`,
        requires: ['rtr-exists', `${side.ns}-address`],
        read: (s) => routerEnd(s, side),
        expect: contains(`${side.gateway}/64`),
        fail: ({ actual }) =>
          `rtr should have ${side.gateway}/64 on its end of the veth that ${side.ns}'s ${side.address} sits on; found ${actual.replace(/"/g, '')}. ` +
          `Add it: ip -n rtr addr add ${side.gateway}/64 dev <rtr's end of the cable to ${side.ns}>`,
      }),
    ),
    check({
      id: 'rtr-forwards',
      subject: 'rtr',
      property: `forwards IPv6 (${FORWARDING})`,
      requires: ['rtr-exists'],
      read: (s) => {
        const value = s.sysctls.rtr?.[FORWARDING];
        if (value === '1') return 'on';
        const v4 = s.sysctls.rtr?.[IPV4_FORWARDING] === '1' ? `; ${IPV4_FORWARDING} is 1, but that forwards IPv4 only` : '';
        return `${FORWARDING} is ${value || 'unreadable'}${v4}`;
      },
      expect: equals('on'),
      fail: ({ actual }) =>
        `rtr does not forward IPv6: ${actual.replace(/"/g, '')} in namespace rtr. IPv6 forwarding is switched on for the whole namespace with the "all" key ` +
        `(the per-interface keys only make an interface behave as a router's or a host's would): ip netns exec rtr sysctl -w ${FORWARDING}=1`,
    }),
    ...SIDES.map((side) =>
      check({
        id: `${side.ns}-route`,
        subject: side.ns,
        property: `routes ${side.farAddress} via rtr`,
        requires: [`${side.ns}-exists`, `rtr-${side.ns}-address`],
        read: (s) => routeThroughRouter(s, side),
        expect: equals('via rtr'),
        fail: ({ actual }) =>
          `${side.ns} has no route ${side.ns === 'east' ? 'back ' : ''}to ${side.farAddress} via rtr (${side.gateway} or rtr's link-local address on that cable); ` +
          `ip -n ${side.ns} -6 route get ${side.farAddress} says ${actual.replace(/"/g, '')}. ` +
          `Add one with: ip -n ${side.ns} -6 route add default via ${side.gateway} (or: ip -n ${side.ns} route add ${side.farSubnet} via ${side.gateway})`,
      }),
    ),
    ...SIDES.map((side) =>
      check({
        id: `${side.ns}-reaches-${side.far}`,
        subject: side.ns,
        property: `pings ${side.far} (${side.farAddress}) through rtr`,
        requires: [`${side.ns}-exists`, `${side.far}-exists`],
        read: pingAnswer(`${side.ns}->${side.far}`),
        expect: equals('answers'),
        weight: 2,
        fail: ({ actual }) =>
          `${side.farAddress} does not answer ${side.ns} (${actual.replace(/"/g, '')}). A ping needs the way there and the way back: both cables up, rtr forwarding IPv6, ` +
          `and a route via rtr in west and in east. ip netns exec ${side.ns} tracepath -n ${side.farAddress} shows how far it gets.`,
      }),
    ),
  ],
});
