import definition from '../exercises/router-ns/exercise.json' with { type: 'json' };
import type { CollectedState } from '../src/state/collect.ts';
import type { Route } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineParameterizedGrader } from '../src/grading/grader.ts';
import { contains, equals } from '../src/grading/matchers.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { probeSucceeded } from './lib/probes.ts';

const NAMESPACES = ['left', 'right', 'router'] as const;
const FORWARDING = 'net.ipv4.ip_forward';

const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

/** Whether `ip` falls in `dst` ("default", "10.0.2.0/24" or a host "10.0.2.2"), and the prefix length that matched. */
function prefixMatch(dst: string, ip: string): number | undefined {
  if (dst === 'default') return 0;
  const [network, length = '32'] = dst.split('/');
  const bits = Number(length);
  const size = 2 ** (32 - bits);
  return Math.floor(toNumber(network!) / size) === Math.floor(toNumber(ip) / size) ? bits : undefined;
}

/** The main-table IPv4 unicast route the kernel would pick for `ip`: the longest prefix that contains it. */
export function longestMatch(routes: Route[], ip: string): Route | undefined {
  let best: { route: Route; bits: number } | undefined;
  for (const route of routes) {
    if ((route.table ?? 'main') !== 'main' || (route.type ?? 'unicast') !== 'unicast' || route.dst.includes(':') || route.gateway?.includes(':')) continue;
    const bits = prefixMatch(route.dst, ip);
    if (bits !== undefined && (!best || bits > best.bits)) best = { route, bits };
  }
  return best?.route;
}

const hasAddress = (s: CollectedState, ns: string) => Object.values(s.namespaces[ns]?.addresses ?? {}).flat();

/**
 * router's end of the veth whose end in `ns` holds `address`, and the addresses on it:
 * "r-left: 10.0.1.1/24", or what stands in the way. The two ends name each other's index.
 */
function routerEnd(s: CollectedState, ns: string, address: string): string {
  const state = s.namespaces[ns]!;
  const name = Object.entries(state.addresses).find(([, list]) => list.includes(address))?.[0];
  const inside = state.links.find((l) => l.ifname === name);
  if (!inside || inside.link_netnsid === undefined) return `${address} in ${ns} is on ${name ?? 'no interface'}, not on a cable to another namespace`;
  const end = s.namespaces.router!.links.find((l) => l.ifindex === inside.link_index && l.link_index === inside.ifindex);
  if (!end) return `${name} in ${ns} is not cabled to router`;
  const v4 = (s.namespaces.router!.addresses[end.ifname] ?? []).filter((a) => a.includes('.'));
  return `${end.ifname}: ${v4.join(' ') || 'no IPv4 address'}`;
}

type Values = Record<'left_ip' | 'left_gw' | 'left_subnet' | 'right_ip' | 'right_gw' | 'right_subnet', string | number>;

/** Each end host: its address, the router's address on its side, and the far host it must reach. */
function sidesOf(p: Values) {
  const [leftIp, leftGw, leftSubnet, rightIp, rightGw, rightSubnet] = [p.left_ip, p.left_gw, p.left_subnet, p.right_ip, p.right_gw, p.right_subnet].map(String) as [
    string, string, string, string, string, string,
  ];
  return [
    { ns: 'left', address: leftIp, gateway: leftGw, far: 'right', farAddress: rightIp, farSubnet: rightSubnet },
    { ns: 'right', address: rightIp, gateway: rightGw, far: 'left', farAddress: leftIp, farSubnet: leftSubnet },
  ] as const;
}

export default defineParameterizedGrader(definition, (p) => {
  const SIDES = sidesOf(p);
  return {
    request: {
      namespaces: [...NAMESPACES],
      ip: ['link', 'addr', 'route'],
      details: false,
      sysctls: [FORWARDING],
      probes: SIDES.map((side) => ({ id: `${side.ns}->${side.far}`, kind: 'ping' as const, from: side.ns, target: side.farAddress })),
    },
    checks: [
      ...NAMESPACES.map((ns) => namespaceExists(ns)),
      ...SIDES.map((side) =>
        check({
          id: `${side.ns}-address`,
          subject: side.ns,
          property: `has ${side.address}/24`,
          requires: [`${side.ns}-exists`],
          read: (s) => hasAddress(s, side.ns),
          expect: contains(`${side.address}/24`),
          fail: ({ actual }) =>
            `${side.ns} should have ${side.address}/24 on its cable to router; found ${actual}. Add it with: ip -n ${side.ns} addr add ${side.address}/24 dev <its end>`,
        }),
      ),
      ...SIDES.map((side) =>
        check({
          id: `router-${side.ns}-address`,
          subject: 'router',
          property: `has ${side.gateway}/24 on its end of the cable to ${side.ns}`,
          requires: ['router-exists', `${side.ns}-address`],
          read: (s) => routerEnd(s, side.ns, `${side.address}/24`),
          expect: contains(`${side.gateway}/24`),
          fail: ({ actual }) =>
            `router should have ${side.gateway}/24 on its end of the veth that ${side.ns}'s ${side.address} sits on, so each side has its own cable into router; found ${actual.replace(/"/g, '')}. ` +
            `Put the address on that end: ip -n router addr add ${side.gateway}/24 dev <router's end of the cable to ${side.ns}>`,
        }),
      ),
      check({
        id: 'router-forwards',
        subject: 'router',
        property: `forwards IPv4 (${FORWARDING})`,
        requires: ['router-exists'],
        // Forwarding switched on per interface (net.ipv4.conf.<if>.forwarding) leaves ip_forward at 0
        // and still routes; traffic crossing in both directions proves it.
        read: (s) =>
          s.sysctls.router?.[FORWARDING] === '1' || (s.probes['left->right']?.ok && s.probes['right->left']?.ok)
            ? 'on'
            : `${FORWARDING} is ${s.sysctls.router?.[FORWARDING] || 'unreadable'}`,
        expect: equals('on'),
        fail: ({ actual }) =>
          `router does not forward: ${actual.replace(/"/g, '')} in namespace router. Every namespace has its own setting: a new one copies the host's when it is created, ` +
          `and the host's changes after that do not reach it. Turn it on inside router: ip netns exec router sysctl -w ${FORWARDING}=1`,
      }),
      ...SIDES.map((side) =>
        check({
          id: `${side.ns}-route`,
          subject: side.ns,
          property: `routes ${side.farAddress} via ${side.gateway}`,
          requires: [`${side.ns}-exists`],
          read: (s) => {
            const route = longestMatch(s.namespaces[side.ns]!.routes, side.farAddress);
            if (!route) return 'no route';
            return route.gateway ? `via ${route.gateway}` : `${route.dst} straight out of ${route.dev ?? '?'}, with no gateway`;
          },
          expect: equals(`via ${side.gateway}`),
          fail: ({ actual }) =>
            `${side.ns} has no route ${side.ns === 'right' ? 'back ' : ''}to ${side.farAddress} via router (${side.gateway}); found ${actual}. ` +
            `Add one with: ip -n ${side.ns} route add default via ${side.gateway} (or: ip -n ${side.ns} route add ${side.farSubnet} via ${side.gateway})`,
        }),
      ),
      ...SIDES.map((side) =>
        check({
          id: `${side.ns}-reaches-${side.far}`,
          subject: side.ns,
          property: `pings ${side.far} (${side.farAddress}) through router`,
          weight: 2,
          requires: [`${side.ns}-exists`, `${side.far}-exists`],
          read: probeSucceeded(`${side.ns}->${side.far}`),
          expect: equals(true),
          fail:
            `${side.farAddress} does not answer ${side.ns}. A ping needs the way there and the way back: ` +
            `both cables up, router forwarding, and a route via router in left and in right. ip netns exec ${side.ns} tracepath -n ${side.farAddress} shows how far it gets.`,
        }),
      ),
    ],
  };
});
