import type { CollectedState } from '../src/state/collect.ts';
import { findLink, isUp } from '../src/state/parse-ip.ts';
import { check, ProbeError } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { contains, equals, matches } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';

const MEMBERS = ['eth2', 'eth3'];
const FAR_END = '192.168.50.1';
const ADDRESS = '192.168.50.10/24';

/** The longest the failover probe waits for the far end to answer again. */
const FAILOVER_SECONDS = 10;

/**
 * Pulls the cable of the active member at the switch end (its carrier drops, as when a
 * cable or a switch port dies) and pings the far end until it answers. It waits as long as the
 * bond's own settings say noticing takes (miimon plus downdelay, or arp_interval times
 * arp_missed_max plus one), plus 3 s, and never more than 10 s: a correct bond that notices
 * late gets the time a learner would give it, and a bond that watches nothing (which never
 * fails over) costs a learner's Check 3 s, not 10. Then it plugs the cable back in and, once
 * the bond sees that member up again (it waits up to 3 s for that), makes it active again, so
 * the bond is left as it was found. Should the probe be killed midway (a Check's time limit), a watchdog outside it plugs
 * the cable back in; it is not a child of the probe, so killing the probe leaves it running.
 */
const FAILOVER = [
  'a=$(cat /sys/class/net/bond0/bonding/active_slave 2>/dev/null)',
  'case "$a" in eth2) p=port1 ;; eth3) p=port2 ;; *) echo "bond0 has no active member among eth2 and eth3 (active: ${a:-none})"; exit 1 ;; esac',
  'setting() { cat "/sys/class/net/bond0/bonding/$1" 2>/dev/null || echo "$2"; }',
  'mii=$(setting miimon 0); down=$(setting downdelay 0); arp=$(setting arp_interval 0); missed=$(setting arp_missed_max 2)',
  'notice=$((mii + down)); [ $((arp * (missed + 1))) -gt $notice ] && notice=$((arp * (missed + 1)))',
  `limit=$(((notice + 999) / 1000 + 3)); [ $limit -gt ${FAILOVER_SECONDS} ] && limit=${FAILOVER_SECONDS}`,
  'seconds() { read -r up _ < /proc/uptime; echo "${up%.*}"; }',
  // The mark is this run's own ($$): a watchdog left by an earlier Check never acts on a later one's cable.
  'mark=/run/stacklab/failover-$$-pulled-$p; : > "$mark"',
  '(setsid sh -c "sleep $((limit + 4)); [ -e $mark ] && ip -n switch link set $p up; rm -f $mark" </dev/null >/dev/null 2>&1 &)',
  'ip -n switch link set "$p" down',
  // Whole seconds: one more than the limit from a truncated start gives the bond at least the limit.
  'start=$(seconds); r=1',
  `while [ $(($(seconds) - start)) -le $limit ]; do ping -c1 -W1 ${FAR_END} >/dev/null 2>&1 && { r=0; break; }; sleep 0.2; done`,
  'took=$(($(seconds) - start))',
  'now=$(cat /sys/class/net/bond0/bonding/active_slave)',
  'ip -n switch link set "$p" up; rm -f "$mark"',
  `i=0; while [ "$(cat /sys/class/net/$a/bonding_slave/mii_status 2>/dev/null)" != up ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done`,
  'ip link set bond0 type bond active_slave "$a" 2>/dev/null',
  `if [ $r -eq 0 ]; then echo "with $a's cable pulled, bond0 moved to $now and ${FAR_END} answered within $took s"; else echo "with $a's cable pulled for $took s (bond0's settings: miimon $mii, downdelay $down, arp_interval $arp), bond0 was on \${now:-no member} and ${FAR_END} did not answer"; fi`,
  'exit $r',
].join('\n');

const host = (s: CollectedState) => s.namespaces['']!;
const bondData = (s: CollectedState) => findLink(host(s), 'bond0')?.linkinfo?.info_data ?? {};

export default defineGrader({
  exercise: 'bond-backup',
  request: {
    namespaces: [''],
    ip: ['link', 'addr'],
    probes: [
      { id: 'host->far-end', kind: 'ping', from: '', target: FAR_END },
      { id: 'failover', kind: 'command', from: '', target: FAILOVER },
    ],
  },
  checks: [
    check({
      id: 'bond0-mode',
      subject: 'bond0',
      property: 'is a bond in active-backup mode',
      read: (s) => {
        const bond = findLink(host(s), 'bond0');
        if (!bond) return 'missing';
        if (bond.linkinfo?.info_kind !== 'bond') return `a ${bond.linkinfo?.info_kind ?? 'plain'} interface`;
        return `mode ${String(bondData(s).mode)}`;
      },
      expect: equals('mode active-backup'),
      pass: 'bond0 is active-backup: one member forwards, the other waits.',
      fail: ({ actual }) =>
        actual === '"missing"'
          ? 'There is no bond0. Create it: ip link add bond0 type bond mode active-backup miimon 100'
          : `bond0 should be a bond in mode active-backup; found ${actual}${actual.includes('balance-rr') ? ', the default when no mode is given' : ''}. The mode only changes on a bond that is down and has no members: ip link set bond0 down; ip link set eth2 nomaster; ip link set eth3 nomaster; ip link set bond0 type bond mode active-backup; then enslave both again`,
    }),
    check({
      id: 'members',
      subject: 'bond0',
      property: 'has eth2 and eth3 as members',
      requires: ['bond0-mode'],
      read: (s) => host(s).links.filter((l) => l.master === 'bond0').map((l) => l.ifname).sort(),
      expect: equals(MEMBERS),
      pass: 'eth2 and eth3 are both members of bond0.',
      fail: ({ actual }) => {
        const missing = MEMBERS.filter((m) => !actual.includes(`"${m}"`));
        return `bond0's members should be eth2 and eth3 (channel-group on both ports); found ${actual}. ${missing
          .map((m) => `ip link set ${m} down; ip link set ${m} master bond0`)
          .join('; ')} (a member must be down when it joins).`;
      },
    }),
    check({
      id: 'link-monitor',
      subject: 'bond0',
      property: 'watches its members (miimon or arp_interval)',
      requires: ['bond0-mode'],
      read: (s) => `miimon ${String(bondData(s).miimon ?? 0)}, arp_interval ${String(bondData(s).arp_interval ?? 0)}`,
      expect: matches(/miimon [1-9]|arp_interval [1-9]/),
      pass: ({ actual }) => `bond0 checks its members' health (${actual}).`,
      fail: ({ actual }) =>
        `bond0 has ${actual}: with both at 0 it never notices a dead link and keeps sending into it. Turn on carrier monitoring: ip link set bond0 down; ip link set bond0 type bond miimon 100; ip link set bond0 up`,
    }),
    check({
      id: 'bond0-address',
      subject: 'bond0',
      property: `is up with ${ADDRESS}`,
      requires: ['bond0-mode'],
      read: (s) => (isUp(findLink(host(s), 'bond0')) ? (host(s).addresses.bond0 ?? []) : 'down'),
      expect: contains(ADDRESS),
      pass: `bond0 is up with ${ADDRESS}: the address lives on the port-channel, not on its members.`,
      fail: ({ actual }) =>
        `bond0 should be up with ${ADDRESS}; found ${actual}. The address goes on the bond: ip addr add ${ADDRESS} dev bond0; ip link set bond0 up`,
    }),
    check({
      id: 'reach',
      subject: 'the host',
      property: `pings ${FAR_END} through bond0`,
      requires: ['bond0-address'],
      read: probeSucceeded('host->far-end'),
      expect: equals(true),
      pass: `${FAR_END} answers through bond0.`,
      fail: `${FAR_END} does not answer. bond0 needs its members (eth2, eth3) and must be up with ${ADDRESS}.`,
    }),
    check({
      id: 'failover',
      subject: 'bond0',
      property: 'keeps the path when the active link dies',
      requires: ['reach'],
      read: (s) => {
        const probe = s.probes.failover;
        if (!probe) throw new ProbeError('the failover probe did not run');
        return probe.output.split('\n').pop() ?? '';
      },
      expect: matches(/ answered within \d+ s$/),
      pass: ({ actual }) => `Failover works: ${actual}. The cable is back in and the first member active again.`,
      fail: ({ actual }) =>
        `The check pulled the active member's cable at the switch: ${actual}. A bond only fails over when it notices the dead link (miimon or arp_interval) and has a second member to move to.`,
    }),
  ],
});
