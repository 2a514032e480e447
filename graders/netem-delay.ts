import type { CollectedState } from '../src/state/collect.ts';
import { findLink } from '../src/state/parse-ip.ts';
import { check, ProbeError } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { atLeast, equals, matches } from '../src/grading/matchers.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { probeResult } from './lib/probes.ts';

const PROBE = 'left->10.0.0.2';
/**
 * Traffic the task does not name: tracepath's UDP datagrams, whose round trip the kernel
 * measures (to the ICMP "port unreachable" that answers them). "Every packet" must be held,
 * not only the ping: a filter that sends just ICMP to netem fails this.
 */
const UDP_PROBE = 'left->10.0.0.2-udp';

/** One qdisc as `tc -j qdisc show` prints it; netem's delay is in seconds. */
interface Qdisc {
  kind?: string;
  dev?: string;
  root?: boolean;
  parent?: string;
  options?: { delay?: { delay?: number } };
}

/**
 * The qdiscs on veth0 in left, in words: "netem 100ms (root)", "htb (root), netem 100ms (parent 1:10)".
 * Where netem sits does not matter; what it delays by does.
 */
function veth0Qdiscs(s: CollectedState): string {
  const qdiscs = (s.namespaces.left?.qdiscs ?? []) as Qdisc[];
  const mine = qdiscs.filter((q) => q.dev === 'veth0');
  if (mine.length === 0) return 'no qdisc at all';
  return mine
    .map((q) => {
      const delay = q.kind === 'netem' ? ` ${Math.round((q.options?.delay?.delay ?? 0) * 1000)}ms` : '';
      return `${q.kind}${delay} (${q.root ? 'root' : `parent ${q.parent}`})`;
    })
    .join(', ');
}

/**
 * The shortest round trip of the probe's pings, in milliseconds, or "no reply". The first ping
 * also waits for ARP, so only the minimum says what the queue adds.
 */
function pingMilliseconds(s: CollectedState): number | string {
  const probe = probeResult(s, PROBE);
  if (!probe.ok) return 'no reply';
  const rtt = /rtt min\/avg\/max\/mdev = ([\d.]+)\//.exec(probe.output);
  if (!rtt) throw new ProbeError(`the pings from left were answered but printed no round-trip times: ${probe.output.slice(0, 160)}`);
  return Number(rtt[1]);
}

/** The shortest round trip tracepath measured to 10.0.0.2 ("reached" lines), in milliseconds, or "no reply". */
function udpMilliseconds(s: CollectedState): number | string {
  const probe = probeResult(s, UDP_PROBE);
  const times = [...probe.output.matchAll(/^\s*\d+:\s+10\.0\.0\.2\s+([\d.]+)ms reached/gm)].map((m) => Number(m[1]));
  if (times.length === 0) {
    if (/no reply/.test(probe.output) || !probe.ok) return 'no reply';
    throw new ProbeError(`tracepath from left printed no round-trip time to 10.0.0.2: ${probe.output.slice(0, 160)}`);
  }
  return Math.min(...times);
}

export default defineGrader({
  exercise: 'netem-delay',
  request: {
    namespaces: ['left'],
    ip: ['link'],
    details: false,
    extra: ['qdiscs'],
    probes: [
      { id: PROBE, kind: 'command', from: 'left', target: 'ping -c 2 -i 0.2 -W 2 10.0.0.2' },
      { id: UDP_PROBE, kind: 'command', from: 'left', target: 'tracepath -n -m 1 10.0.0.2' },
    ],
  },
  checks: [
    namespaceExists('left', { madeBySetUp: true }),
    check({
      id: 'veth0-exists',
      subject: 'veth0 in left',
      given: true,
      property: 'exists',
      requires: ['left-exists'],
      read: (s) => (findLink(s.namespaces.left, 'veth0') ? 'present' : 'missing'),
      expect: equals('present'),
      fail: 'Namespace left has no veth0 any more. Press Reset to get the two namespaces back, then add the qdisc.',
    }),
    check({
      id: 'veth0-netem',
      subject: 'veth0 in left',
      property: 'has a netem qdisc that delays by 100 ms',
      requires: ['veth0-exists'],
      read: veth0Qdiscs,
      // A second netem elsewhere on veth0 does no harm: one that delays by 100 ms is enough.
      expect: matches(/(^|, )netem 100ms /),
      pass: ({ actual }) => `veth0 delays what it sends by 100 ms: ${actual}.`,
      fail: ({ actual }) =>
        `veth0 should have a netem qdisc that delays by 100 ms; found ${actual}. ` +
        'Set it with: tc -n left qdisc replace dev veth0 root netem delay 100ms',
    }),
    check({
      id: 'ping-delayed',
      subject: 'a ping from left to 10.0.0.2',
      property: 'takes at least 100 ms',
      requires: ['veth0-exists'],
      read: pingMilliseconds,
      // A small margin below 100 for rounding; the usual mistake, 10 ms, is far below it.
      expect: atLeast(95),
      pass: ({ actual }) => `The fastest of two pings took ${actual} ms.`,
      fail: ({ actual }) =>
        `A ping from left to 10.0.0.2 should take at least 100 ms; ${actual === '"no reply"' ? 'no reply came back' : `the fastest of two took ${actual} ms`}. ` +
        'Is the netem qdisc on veth0, in the path of the ping, with delay 100ms? tc -s -n left qdisc show dev veth0 shows its counters.',
    }),
    check({
      id: 'udp-delayed',
      subject: 'other traffic from left (UDP, as tracepath sends it)',
      property: 'is held 100 ms too',
      requires: ['ping-delayed'],
      read: udpMilliseconds,
      expect: atLeast(95),
      pass: ({ actual }) => `UDP from left to 10.0.0.2 is delayed as well: ${actual} ms. Every packet veth0 sends waits.`,
      fail: ({ actual }) =>
        `The ping is delayed, but other traffic is not: tracepath's UDP from left to 10.0.0.2 came back in ${actual === '"no reply"' ? 'no time at all (no reply)' : `${actual} ms`}. ` +
        'The task asks veth0 to hold every packet it sends: a filter that sends only ICMP (or only some traffic) to netem delays the test, not the link. ' +
        'Put netem where all of veth0\'s traffic passes: tc -n left qdisc replace dev veth0 root netem delay 100ms',
    }),
  ],
});
