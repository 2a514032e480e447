/**
 * The path MTU lab: a large fetch from client hangs after the handshake because r2's ICMP
 * "fragmentation needed" never reaches web. Graded by outcome: a 64 KiB fetch completes, with
 * every learned path MTU flushed first (so a fetch passes only if the path works now, not because
 * a ping taught someone the MTU ten minutes ago), and by what the ticket forbids: the MTUs stay as
 * built, web keeps its firewall and its path MTU discovery, and the lab is not rebuilt.
 *
 *   client eth0 ── eth1 [r1] eth2 ══ MTU 1400 ══ eth1 [r2] eth2 ── eth0 web (HTTP :80)
 */
import type { CollectedState, Probe } from '../src/state/collect.ts';
import { findLink } from '../src/state/parse-ip.ts';
import labDefinition from '../labs/pmtu.json' with { type: 'json' };
import { sharedLabSchema } from '../src/exercises/shared-labs.ts';
import { check, ProbeError } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals } from '../src/grading/matchers.ts';
import { probeResult, probeSucceeded } from './lib/probes.ts';

const LAB = sharedLabSchema.parse(labDefinition).namespaces;
const NAMESPACES = Object.keys(LAB);
/** The narrow link's two ends; every other port keeps Ethernet's 1500. */
const NARROW: Record<string, string> = { r1: 'eth2', r2: 'eth1' };
const mtuOf = (ns: string, ifname: string) => (NARROW[ns] === ifname ? 1400 : 1500);
const BIG_BYTES = 65536;
/** How long the fetch of big.txt may go without data before it counts as stalled. */
const STALL_S = 2;

const SMALL: Probe = { id: 'client->web:80/', kind: 'http', from: 'client', target: '10.0.2.2', path: '/' };
/**
 * Forgets every learned path MTU on both ends, then fetches the 64 KiB file and prints the size
 * of its body. The request is written by hand for nc, whose -w ends the transfer once nothing has
 * arrived for 2 s: a black hole stops the data for good, so a failing Check need not wait out
 * the 5 s cap (measured in Node: 2.2 s against 5.2 s; a passing fetch 0.15-0.18 s either way).
 */
const BIG: Probe = {
  id: 'client->web:80/big.txt',
  kind: 'command',
  from: 'client',
  target: [
    'ip route flush cache; ip -n web route flush cache',
    `printf 'GET /big.txt HTTP/1.0\\r\\n\\r\\n' | timeout 5 nc -w ${STALL_S} 10.0.2.2 80 | sed '1,/^\\r$/d' | wc -c`,
  ].join('; '),
};
const FIREWALL: Probe = { id: 'web-firewall', kind: 'command', from: 'web', target: 'nft list ruleset' };
const PMTUD: Probe = { id: 'web-pmtud', kind: 'command', from: 'web', target: 'cat /proc/sys/net/ipv4/ip_no_pmtu_disc' };

const output = (s: CollectedState, probe: Probe) => probeResult(s, probe.id).output;

const host = (cidr: string) => cidr.split('/')[0]!;

/** Every namespace's ports as "r1: eth1 02:00:00:00:01:01 10.0.1.1, eth2 ...", one namespace after another. */
function labAsFound(s: CollectedState): string {
  return NAMESPACES.map((ns) => {
    const state = s.namespaces[ns];
    if (!s.netns.includes(ns) || !state?.exists) return `${ns}: no such namespace`;
    const found = LAB[ns]!.ports.map(({ ifname }) => {
      const link = findLink(state, ifname);
      const v4 = (state.addresses[ifname] ?? []).filter((a) => a.includes('.')).map(host);
      return link ? `${ifname} ${link.address ?? '(no MAC)'} ${v4.join(' ') || '(no IPv4 address)'}` : `${ifname} missing`;
    });
    return `${ns}: ${found.join(', ')}`;
  }).join('; ');
}

const LAB_AS_BUILT = NAMESPACES.map((ns) => `${ns}: ${LAB[ns]!.ports.map((p) => `${p.ifname} ${p.mac} ${host(p.address)}`).join(', ')}`).join('; ');

/** Every port's MTU as "r1 eth2 1400", in the lab's order. */
const mtus = (s: CollectedState) =>
  NAMESPACES.flatMap((ns) => LAB[ns]!.ports.map(({ ifname }) => `${ns} ${ifname} ${findLink(s.namespaces[ns], ifname)?.mtu ?? 'missing'}`)).join(', ');

export default defineGrader({
  exercise: 'fix-pmtu-blackhole',
  request: { namespaces: NAMESPACES, ip: ['link', 'addr'], details: false, probes: [SMALL, BIG, FIREWALL, PMTUD] },
  checks: [
    check({
      id: 'lab-intact',
      given: true,
      subject: 'the lab',
      property: 'still has the namespaces, cables and addresses the set-up gave it',
      read: labAsFound,
      expect: equals(LAB_AS_BUILT),
      fail: ({ expected, actual }) =>
        `The lab is no longer the one the set-up built: expected ${expected}, found ${actual}. ` +
        'Fix the fault in place instead of rebuilding namespaces, cables or addresses; Reset brings the original lab back.',
    }),
    check({
      id: 'mtus-unchanged',
      given: true,
      subject: 'the MTUs',
      property: 'are what the lab was built with (the narrow link 1400, every other port 1500)',
      requires: ['lab-intact'],
      read: mtus,
      expect: equals(NAMESPACES.flatMap((ns) => LAB[ns]!.ports.map(({ ifname }) => `${ns} ${ifname} ${mtuOf(ns, ifname)}`)).join(', ')),
      pass: 'Every MTU is as the lab built it: the narrow link is still 1400.',
      fail: ({ expected, actual }) =>
        `The ticket forbids changing MTUs: the narrow link between r1 and r2 is a provider's tunnel you do not control, and web's MTU is the web team's. ` +
        `Expected ${expected}; found ${actual}. Put them back (ip -n <ns> link set <dev> mtu <n>) and make path MTU discovery work instead: ` +
        'let the ICMP "fragmentation needed" reach web, or clamp the TCP MSS on a router at the narrow link.',
    }),
    check({
      id: 'small-fetch',
      given: true,
      subject: 'client',
      property: 'fetches the small page from http://10.0.2.2/',
      requires: ['lab-intact'],
      read: probeSucceeded(SMALL.id),
      expect: equals(true),
      pass: 'The handshake and a small page work, as the ticket says.',
      fail: 'client cannot even fetch the small page from http://10.0.2.2/ now, though it could at the start: the handshake itself fails. Undo what stops it (ip netns exec web nft list ruleset, ip -n <ns> route) or press Reset.',
    }),
    check({
      id: 'large-fetch',
      subject: 'client',
      property: `fetches the ${BIG_BYTES / 1024} KiB file http://10.0.2.2/big.txt within 5 s and without a ${STALL_S} s stall, with no path MTU learned beforehand`,
      requires: ['small-fetch'],
      weight: 3,
      read: (s) => {
        const bytes = /^\s*(\d+)\s*$/m.exec(output(s, BIG))?.[1];
        if (bytes === undefined) throw new ProbeError(`the fetch of big.txt printed no size: ${output(s, BIG).slice(0, 160)}`);
        return Number(bytes);
      },
      expect: equals(BIG_BYTES),
      pass: `The whole file arrived (${BIG_BYTES} bytes): full-size segments cross the narrow link now.`,
      fail: ({ actual }) =>
        `client got ${actual} of ${BIG_BYTES} bytes of http://10.0.2.2/big.txt before the transfer stopped (${STALL_S} s without data, or 5 s in all, after the grader flushed every learned path MTU): full-size segments from web still vanish. ` +
        'r2 cannot forward web\'s 1500-byte packets into the 1400-byte link and answers web with ICMP "fragmentation needed"; does it arrive (ip netns exec web nft list ruleset: conntrack marks it related, not established)? ' +
        'Or clamp the MSS on a router at the narrow link (on r1 or r2: tcp flags syn tcp option maxseg size set rt mtu, which takes the smaller MTU of the routes the SYN leaves by and came from; a fixed number must be at most 1360).',
    }),
    check({
      id: 'firewall-kept',
      given: true,
      subject: 'web\'s firewall',
      property: 'still drops what it does not accept (an input chain with policy drop)',
      requires: ['lab-intact'],
      read: (s) => (/type filter hook input priority [^;]+; policy drop;/.test(output(s, FIREWALL)) ? 'policy drop' : 'no input chain that drops by default'),
      expect: equals('policy drop'),
      pass: 'web keeps its default-drop firewall.',
      fail: 'web\'s firewall is gone or accepts everything by default: the ticket asks to keep it. Put it back (Reset) and add only the rule path MTU discovery needs, e.g. ip netns exec web nft insert rule inet filter input ct state related accept',
    }),
    check({
      id: 'pmtud-on',
      given: true,
      subject: 'web',
      property: 'still uses path MTU discovery (net.ipv4.ip_no_pmtu_disc = 0)',
      requires: ['lab-intact'],
      read: (s) => output(s, PMTUD).trim(),
      expect: equals('0'),
      pass: 'web still sends with DF and learns the path MTU.',
      fail: ({ actual }) =>
        `net.ipv4.ip_no_pmtu_disc is ${actual} in web: it sends without DF, so r2 fragments every large packet, which costs every router on the way and breaks where fragments are dropped. ` +
        'Set it back (ip netns exec web sysctl -w net.ipv4.ip_no_pmtu_disc=0) and let the "fragmentation needed" messages through instead.',
    }),
  ],
});
