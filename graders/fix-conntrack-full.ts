/**
 * The full conntrack table: the troubleshooting lab with router NATing the office, a machine-wide
 * nf_conntrack_max of 32 and 32 established entries from an unplugged backup server that will
 * live five days. Graded by outcome: client opens more new connections than the old limit held,
 * and the table still has room for the ticket's peak after them; and by what the ticket keeps:
 * the lab as built, a limit (0 would mean none), and the office hidden behind NAT (web reaches
 * no office address, which also fails a fix that stops tracking and routes around the NAT).
 *
 *   client eth0 10.0.1.2 ── eth1 10.0.1.1 [router, masquerade] eth2 10.0.2.1 ── eth0 10.0.2.2 web (no route back)
 */
import type { CollectedState, Probe } from '../src/state/collect.ts';
import { check, ProbeError } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { atLeast, equals } from '../src/grading/matchers.ts';
import { probeResult, probeSucceeded } from './lib/probes.ts';
import { intactChecks, NAMESPACES } from './lib/troubleshooting-lab.ts';

/** More new connections than the broken limit (32) holds. */
const NEW_CONNECTIONS = 40;
/** The office's peak, from the ticket: free entries the table must still have after the probe. */
const PEAK = 1000;

/** A connection that has not opened after this long hangs: the SYN and its first retry (at 1 s) were dropped. */
const HUNG_AFTER_S = 2;

/**
 * Opens NEW_CONNECTIONS connections to web:80 one after another with bash's /dev/tcp (no process
 * per connection) and counts those that opened. A connection whose SYN the router drops hangs in
 * its retries: the loop's reader waits HUNG_AFTER_S for each next one, then ends the loop, so a
 * Check on the broken lab waits about 2 s for it, not the whole `timeout` (8 s), which stays the cap.
 */
const NEW: Probe = {
  id: 'client->web:80 x40',
  kind: 'command',
  from: 'client',
  target:
    `timeout 8 bash -c 'exec 3< <(for i in $(seq ${NEW_CONNECTIONS}); do exec 4<>/dev/tcp/10.0.2.2/80 && exec 4>&- && echo opened; done); p=$!; ` +
    `while read -r -t ${HUNG_AFTER_S} line <&3; do echo "$line"; done; kill $p' 2>/dev/null | grep -c opened`,
};
const MAX: Probe = { id: 'nf_conntrack_max', kind: 'command', from: '', target: 'cat /proc/sys/net/netfilter/nf_conntrack_max' };
/** Read after NEW, so it counts the entries the probe's connections left (TIME_WAIT) too. */
const COUNT: Probe = { id: 'router nf_conntrack_count', kind: 'command', from: 'router', target: 'cat /proc/sys/net/netfilter/nf_conntrack_count' };
const HIDDEN: Probe = { id: 'web->client', kind: 'ping', from: 'web', target: '10.0.1.2' };

/** A probe's output as a whole number. */
const numberFrom = (probe: Probe) => (s: CollectedState): number => {
  const { output } = probeResult(s, probe.id);
  const value = /^\s*(\d+)\s*$/m.exec(output)?.[1];
  if (value === undefined) throw new ProbeError(`the probe ${probe.id} printed no number: ${output.slice(0, 160)}`);
  return Number(value);
};

const INTACT = intactChecks.map((c) => c.id);

export default defineGrader({
  exercise: 'fix-conntrack-full',
  request: { namespaces: NAMESPACES, ip: ['link', 'addr'], details: false, probes: [NEW, MAX, COUNT, HIDDEN] },
  checks: [
    ...intactChecks,
    check({
      id: 'new-connections',
      subject: 'client',
      property: `opens ${NEW_CONNECTIONS} new connections to 10.0.2.2:80 in a row, more than the old limit held`,
      requires: INTACT,
      weight: 3,
      read: numberFrom(NEW),
      expect: equals(NEW_CONNECTIONS),
      pass: `All ${NEW_CONNECTIONS} new connections opened through the router's NAT.`,
      fail: ({ actual }) =>
        `client opened ${actual} of ${NEW_CONNECTIONS} new connections to 10.0.2.2:80 in a row; the next one hung. ` +
        'The router drops the first packet of a connection it cannot give an entry to: dmesg says "nf_conntrack: table full, dropping packet", ' +
        'and ip netns exec router conntrack -C against cat /proc/sys/net/netfilter/nf_conntrack_max shows how full it is. ' +
        'Raise the limit on the host (the router may only read it) and find what fills the table (ip netns exec router conntrack -L). ' +
        'If you turned tracking off (notrack), NAT stops with it, and web knows no way back to the office.',
    }),
    check({
      id: 'limit-kept',
      given: true,
      subject: 'the connection table',
      property: 'still has a limit (net.netfilter.nf_conntrack_max above 0)',
      read: numberFrom(MAX),
      expect: atLeast(1),
      pass: ({ actual }) => `The table keeps a limit: nf_conntrack_max is ${actual}.`,
      fail: ({ actual }) =>
        `nf_conntrack_max is ${actual}: no limit at all, so a flood of new connections (or a leak like the backup server's) can take all the router's memory. ` +
        'The ticket asks to keep a limit: size it for the peak, e.g. sysctl -w net.netfilter.nf_conntrack_max=16384 (about 5 MB at most).',
    }),
    check({
      id: 'room-left',
      subject: 'the router\'s connection table',
      property: `has room for the office's peak (${PEAK} more entries) after the ${NEW_CONNECTIONS} new connections`,
      requires: ['new-connections', 'limit-kept'],
      read: (s) => numberFrom(MAX)(s) - numberFrom(COUNT)(s),
      expect: atLeast(PEAK),
      pass: ({ actual }) => `The table has room for ${actual} more entries.`,
      fail: ({ actual }) =>
        `After the grader's ${NEW_CONNECTIONS} connections the router's table has room for only ${actual} more entries; the ticket asks for ${PEAK} (the office's peak). ` +
        'A closed connection keeps its entry for two minutes (TIME_WAIT), so the next burst fills it again: raise nf_conntrack_max further on the host.',
    }),
    check({
      id: 'office-hidden',
      subject: 'web',
      property: 'still cannot reach the office at 10.0.1.2 (the office stays behind the router\'s NAT)',
      requires: ['new-connections'],
      read: probeSucceeded(HIDDEN.id),
      expect: equals(false),
      pass: 'web still knows the office only as 10.0.2.1: the NAT does the work.',
      fail:
        'web reaches 10.0.1.2 directly: the ticket keeps the office hidden behind the router\'s NAT, and web (the internet) must know no route into it. ' +
        'Remove what you added (ip -n web route) and let connection tracking and the masquerade rule do the work.',
    }),
  ],
});
