import type { CollectedState } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals } from '../src/grading/matchers.ts';
import { addressesOf } from '../src/state/parse-ip.ts';
import { cableEnds } from './lib/cable.ts';
import { describeIpv6Address, gatewayAddresses, ipv6AddressState, ping6Probe, pingAnswer } from './lib/ipv6.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { routeDecision, routeGetProbe } from './lib/route-get.ts';

const NS = 'dual';
/** The two families: dual's address, the host end's, and the host's service address dual must reach. */
const FAMILIES = [
  { name: 'IPv4', key: 'ipv4', inside: '10.20.0.2/24', outside: '10.20.0.1/24', service: '192.0.2.53', ping: '', routeCmd: 'route' },
  { name: 'IPv6', key: 'ipv6', inside: '2001:db8:20::2/64', outside: '2001:db8:20::1/64', service: '2001:db8:53::53', ping: ' -6', routeCmd: '-6 route' },
] as const;
type Family = (typeof FAMILIES)[number];
const bare = (address: string) => address.split('/')[0]!;

/** The host's end of dual's cable, found from whichever of dual's two addresses is on it. */
function hostEnd(s: CollectedState): string | undefined {
  for (const f of FAMILIES) {
    const { there } = cableEnds(s, NS, f.inside, '');
    if (there) return there;
  }
  return undefined;
}

/** The address state of `f.outside` on the host end: "ready", or what is wrong, in words. */
function hostAddress(s: CollectedState, f: Family): string {
  const end = hostEnd(s);
  if (!end) return `dual's addresses are on no cable to the host`;
  const list = s.namespaces['']!.addresses[end] ?? [];
  if (!list.includes(f.outside)) {
    const same = f.key === 'ipv4' ? addressesOf(s.namespaces[''], 'inet')[end] : addressesOf(s.namespaces[''], 'inet6')[end]?.filter((a) => !a.startsWith('fe80:'));
    return `${end} has ${same?.join(' ') || `no ${f.name} address`}`;
  }
  return f.key === 'ipv4' || ipv6AddressState(s, '', f.outside) === 'ready' ? 'ready' : `${end}: ${describeIpv6Address(s, '', f.outside)}`;
}

/** Whether dual sends to the service address through the host end: "via the host", or the kernel's decision. */
function routeViaHost(s: CollectedState, f: Family): string {
  const decision = routeDecision(`${f.key}-route`)(s);
  const gateway = /^via (\S+)/.exec(decision)?.[1];
  const end = hostEnd(s);
  const accepted = f.key === 'ipv4' ? [bare(f.outside)] : end ? gatewayAddresses(s, '', end) : [];
  if (gateway && accepted.includes(gateway)) return 'via the host';
  return `${decision.replace(/ table main$/, '')}${gateway || decision.startsWith('no route') ? '' : ', with no gateway'}`;
}

const pingCheck = (id: string, probe: string, from: string, to: string, f: Family) =>
  check({
    id,
    subject: from,
    property: `pings ${to} over ${f.name}`,
    requires: [`${NS}-exists`],
    read: pingAnswer(probe),
    expect: equals('answers'),
    fail: ({ actual }) =>
      `${to} does not answer a ping${f.ping} from ${from} (${actual.replace(/"/g, '')}). Both ends need their ${f.name} addresses and the cable up, ` +
      `and dual its ${f.name} route via the host: ${from === 'the host' ? 'ping' : `ip netns exec ${NS} ping`}${f.ping} ${to} shows it.`,
  });

export default defineGrader({
  exercise: 'ipv6-dual-stack',
  request: {
    namespaces: ['', NS],
    ip: ['link', 'addr'],
    details: false,
    settleIpv6: true,
    probes: [
      ...FAMILIES.map((f) => routeGetProbe(`${f.key}-route`, f.service, NS)),
      { id: 'host->dual-ipv4', kind: 'ping' as const, from: '', target: bare(FAMILIES[0].inside) },
      ping6Probe('host->dual-ipv6', '', bare(FAMILIES[1].inside)),
      { id: 'dual->host-ipv4', kind: 'ping' as const, from: NS, target: FAMILIES[0].service },
      ping6Probe('dual->host-ipv6', NS, FAMILIES[1].service),
    ],
  },
  checks: [
    namespaceExists(NS),
    ...FAMILIES.map((f) =>
      check({
        id: `dual-${f.key}-address`,
        subject: NS,
        property: `has ${f.inside}`,
        requires: [`${NS}-exists`],
        read: (s) =>
          f.key === 'ipv4'
            ? Object.values(addressesOf(s.namespaces[NS], 'inet')).flat().includes(f.inside)
              ? 'ready'
              : `no ${f.inside}`
            : ipv6AddressState(s, NS, f.inside) === 'ready'
              ? 'ready'
              : describeIpv6Address(s, NS, f.inside),
        expect: equals('ready'),
        fail: ({ actual }) =>
          `dual should have ${f.inside} on its end of the cable: ${actual.replace(/"/g, '')}. Add it with: ip -n ${NS} addr add ${f.inside} dev <its end>, and look with ip -n ${NS} ${f.key === 'ipv6' ? '-6 ' : '-4 '}addr`,
      }),
    ),
    ...FAMILIES.map((f) =>
      check({
        id: `host-${f.key}-address`,
        subject: 'the host',
        property: `has ${f.outside} on its end of dual's cable`,
        requires: [`${NS}-exists`],
        read: (s) => hostAddress(s, f),
        expect: equals('ready'),
        fail: ({ actual }) =>
          `The host's end of the cable to dual should have ${f.outside}: ${actual.replace(/"/g, '')}. Add it with: ip addr add ${f.outside} dev <the host's end>`,
      }),
    ),
    ...FAMILIES.map((f) =>
      check({
        id: `dual-${f.key}-route`,
        subject: NS,
        property: `routes ${f.service} via the host`,
        requires: [`dual-${f.key}-address`, `host-${f.key}-address`],
        read: (s) => routeViaHost(s, f),
        expect: equals('via the host'),
        fail: ({ actual }) =>
          `dual has no ${f.name} route to ${f.service} via the host (${bare(f.outside)}${f.key === 'ipv6' ? ' or the host end\'s link-local address' : ''}); ` +
          `ip -n ${NS} ${f.routeCmd} get ${f.service} says ${actual.replace(/"/g, '')}. Add one with: ip -n ${NS} ${f.routeCmd} add default via ${bare(f.outside)}`,
      }),
    ),
    pingCheck('host-reaches-dual-ipv4', 'host->dual-ipv4', 'the host', bare(FAMILIES[0].inside), FAMILIES[0]),
    pingCheck('host-reaches-dual-ipv6', 'host->dual-ipv6', 'the host', bare(FAMILIES[1].inside), FAMILIES[1]),
    pingCheck('dual-reaches-host-ipv4', 'dual->host-ipv4', NS, FAMILIES[0].service, FAMILIES[0]),
    pingCheck('dual-reaches-host-ipv6', 'dual->host-ipv6', NS, FAMILIES[1].service, FAMILIES[1]),
  ],
});
