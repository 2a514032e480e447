/**
 * The broken labs of the troubleshooting lesson share one topology and one verdict: the ticket's
 * symptom is gone, and the lab is still the lab the set-up built (same namespaces, same cables,
 * same addresses), so the fault was fixed in place rather than worked around by a rebuild.
 *
 *   client eth0 10.0.1.2 ── eth1 10.0.1.1 [router] eth2 10.0.2.1 ── eth0 10.0.2.2 web (HTTP :80)
 *
 * Each cable end has a fixed MAC address from the lab's definition (labs/troubleshooting.json, which
 * the exercises' set-up is made from too); a rebuilt lab gets random ones.
 *
 * @example
 * export default labGrader({ exercise: 'fix-link-down' });
 */
import type { CollectedState, Probe } from '../../src/state/collect.ts';
import labDefinition from '../../labs/troubleshooting.json' with { type: 'json' };
import { sharedLabSchema, type LabPort } from '../../src/exercises/shared-labs.ts';
import type { Check } from '../../src/grading/check.ts';
import { check } from '../../src/grading/check.ts';
import { defineGrader, type Grader } from '../../src/grading/grader.ts';
import { equals } from '../../src/grading/matchers.ts';
import { probeSucceeded } from './probes.ts';

/** The lab's cable ends, by namespace, from the one definition its set-up is made from too. */
export const LAB = Object.fromEntries(
  Object.entries(sharedLabSchema.parse(labDefinition).namespaces).map(([name, { ports }]) => [name, ports]),
) as Record<'client' | 'router' | 'web', LabPort[]>;
export const NAMESPACES = Object.keys(LAB) as Array<keyof typeof LAB>;

/** An address without its prefix length: a mask is something a lab's fault may change, the address is who the host is. */
const host = (cidr: string) => cidr.split('/')[0]!;

const describePort = (p: LabPort) => `${p.ifname} ${p.mac} ${host(p.address)}`;

/** A namespace's cable ends as "eth0 02:00:00:00:01:02 10.0.1.2", in the set-up's order. */
function ports(s: CollectedState, ns: keyof typeof LAB): string {
  const state = s.namespaces[ns];
  if (!s.netns.includes(ns) || !state?.exists) return 'no such namespace';
  return LAB[ns]
    .map(({ ifname }) => {
      const link = state.links.find((l) => l.ifname === ifname);
      if (!link) return `${ifname} missing`;
      const v4 = [...new Set((state.addresses[ifname] ?? []).filter((a) => a.includes('.')).map(host))];
      return `${ifname} ${link.address ?? '(no MAC)'} ${v4.join(' ') || '(no IPv4 address)'}`;
    })
    .join(', ');
}

export const intactChecks = NAMESPACES.map((ns) =>
  check({
    id: `${ns}-intact`,
    subject: `namespace ${ns}`,
    given: true,
    property: 'still has the cables and addresses the set-up gave it',
    read: (s) => ports(s, ns),
    expect: equals(LAB[ns].map(describePort).join(', ')),
    fail: ({ expected, actual }) =>
      `${ns} is no longer the one the lab was built with: expected ${expected}, found ${actual}. ` +
      'Fix the fault in place instead of deleting and recreating namespaces, cables or addresses; Reset brings the original lab back.',
  }),
);

/**
 * Side by side: on a broken lab each waits out its 2 s timeout, and a learner Checks the broken
 * lab far more often than the mended one (measured in Node: a failing Check 4.3 s in line, 2.4 s
 * side by side; a passing one 0.16-0.19 s either way).
 */
export const LAB_PROBES: Probe[] = [
  { id: 'client->web:80', kind: 'tcp', from: 'client', target: '10.0.2.2', port: 80, alongside: true },
  { id: 'web->client', kind: 'ping', from: 'web', target: '10.0.1.2', alongside: true },
];

const reachChecks = [
  check({
    id: 'client-reaches-web',
    subject: 'client',
    property: 'connects to the web server at 10.0.2.2:80',
    read: probeSucceeded('client->web:80'),
    expect: equals(true),
    pass: 'client reaches the web server at 10.0.2.2:80.',
    fail:
      'client still cannot connect to 10.0.2.2 port 80. Walk the path hop by hop: is each link up, does each hop have a route there ' +
      'and back (ip -n <ns> route get), does the router forward, does a firewall drop it? tcpdump on each hop shows where the packets stop.',
  }),
  check({
    id: 'web-reaches-client',
    subject: 'web',
    property: 'pings the client at 10.0.1.2',
    read: probeSucceeded('web->client'),
    expect: equals(true),
    pass: 'web reaches 10.0.1.2 as well: the path works in both directions, without NAT.',
    fail:
      'web cannot ping the client at 10.0.1.2. Traffic must flow both ways between the real addresses: ' +
      'check the route back from web (ip -n web route get 10.0.1.2) and that nothing hides the client behind NAT.',
  }),
];

export interface LabGraderOptions {
  exercise: string;
  /** Probes beyond the two every lab has (client to web:80, web to client). */
  probes?: Probe[];
  /** Checks after the lab's own: what this fault's ticket also asks to keep. */
  checks?: Check<CollectedState>[];
}

export function labGrader({ exercise, probes = [], checks = [] }: LabGraderOptions): Grader {
  return defineGrader({
    exercise,
    request: { namespaces: NAMESPACES, ip: ['link', 'addr'], details: false, probes: [...LAB_PROBES, ...probes] },
    checks: [...intactChecks, ...reachChecks, ...checks],
  });
}
