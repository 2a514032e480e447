import type { CollectedState } from '../src/state/collect.ts';
import type { Rule } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { eth1Prepared, LAB_ADDRESS } from './lib/lab-eth1.ts';
import { equals, matches } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';
import { routeDecision, routeGetProbe } from './lib/route-get.ts';

const SOURCE = LAB_ADDRESS;
const RAIL = '10.50.0.2';
const REMOTE = '192.0.2.1';
const BUILT_IN_TABLES = ['local', 'main', 'default'];

const host = (s: CollectedState) => s.namespaces['']!;

const toNumber = (address: string) => address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

/** Whether a rule's source selector (`from 10.50.0.0/16`, `from 10.50.0.10`) covers `address`. */
function sourceCovers(rule: Rule, address: string): boolean {
  if (!rule.src || rule.src === 'all') return false;
  const length = typeof rule.srclen === 'number' ? rule.srclen : 32;
  const block = 2 ** (32 - length);
  return Math.floor(toNumber(rule.src) / block) === Math.floor(toNumber(address) / block);
}

/** The first rule (by priority) that picks traffic from SOURCE by its source and sends it to a table of its own. */
const sourceRule = (s: CollectedState) =>
  [...host(s).rules].sort((a, b) => a.priority - b.priority).find((r) => sourceCovers(r, SOURCE) && !BUILT_IN_TABLES.includes(r.table ?? 'main'));

const describeRule = (r: Rule) => `${r.priority}: from ${r.src}${typeof r.srclen === 'number' ? `/${r.srclen}` : ''} lookup ${r.table}`;

export default defineGrader({
  exercise: 'policy-rail',
  request: {
    namespaces: [''],
    ip: ['link', 'addr', 'route', 'rule'],
    details: false,
    probes: [
      routeGetProbe('from-rail', `${REMOTE} from ${SOURCE}`),
      routeGetProbe('plain', REMOTE),
      { id: 'rail-ping', kind: 'command', from: '', target: `ping -c1 -W2 -I ${SOURCE} ${REMOTE}` },
    ],
  },
  checks: [
    eth1Prepared(),
    check({
      id: 'rule',
      subject: 'ip rule',
      property: `sends traffic from ${SOURCE} to a table of its own`,
      read: (s) => {
        const rule = sourceRule(s);
        return rule ? describeRule(rule) : `none (${host(s).rules.map((r) => `${r.priority}: from ${r.src ?? 'all'} lookup ${r.table}`).join(', ')})`;
      },
      expect: matches(/^\d+: from /),
      pass: ({ actual }) => `The rule ${actual} picks traffic by its source address.`,
      fail: ({ actual }) =>
        `No rule selects traffic from ${SOURCE}, so every lookup goes straight to main; found ${actual}. Add one: ip rule add from ${SOURCE} lookup 100`,
    }),
    check({
      id: 'table-default',
      subject: "the rule's table",
      property: `has a default route via ${RAIL}`,
      requires: ['rule'],
      read: (s) => {
        const table = sourceRule(s)!.table!;
        const route = host(s).routes.find((r) => r.dst === 'default' && r.table === table);
        const main = host(s).routes.find((r) => r.dst === 'default' && (r.table ?? 'main') === 'main');
        return `table ${table}: ${route ? `default via ${route.gateway ?? '(none)'}` : 'no default route'}; main: default via ${main?.gateway ?? '(none)'}`;
      },
      expect: matches(new RegExp(`: default via ${RAIL.replace(/\./g, '\\.')};`)),
      pass: ({ actual }) => `${actual}: the rail's table has its own exit.`,
      fail: ({ actual }) => {
        const table = /^table (\S+):/.exec(actual)?.[1] ?? '100';
        return `table ${table} should hold a default route via ${RAIL}, and main keep the ISP's; found ${actual}. ${
          actual.includes(`main: default via ${RAIL}`) ? 'The default went into main: put main back (ip route replace default via 198.51.100.1) and ' : ''
        }add it to the table: ip route add default via ${RAIL} dev eth1 table ${table}`;
      },
    }),
    check({
      id: 'from-rail',
      subject: `a packet from ${SOURCE} to ${REMOTE}`,
      property: `is routed via ${RAIL} by table 100`,
      requires: ['eth1-address'],
      read: routeDecision('from-rail'),
      expect: equals(`via ${RAIL} dev eth1 table 100`),
      pass: `ip route get ${REMOTE} from ${SOURCE} answers via ${RAIL} dev eth1, table 100.`,
      fail: ({ actual }) =>
        `ip route get ${REMOTE} from ${SOURCE} should answer via ${RAIL} dev eth1 table 100; it answers ${actual}. The rule must point at table 100, and table 100 needs: ip route add default via ${RAIL} dev eth1 table 100`,
    }),
    check({
      id: 'plain',
      given: true,
      subject: `any other packet to ${REMOTE}`,
      property: 'still takes the main default via 198.51.100.1',
      read: routeDecision('plain'),
      expect: matches(/^via 198\.51\.100\.1 dev eth0 table main$/),
      pass: `ip route get ${REMOTE} still answers via 198.51.100.1 dev eth0 from the main table: only the rail's traffic changed path.`,
      fail: ({ actual }) =>
        `Traffic not sourced from ${SOURCE} should keep the main table's default via 198.51.100.1; ip route get ${REMOTE} answers ${actual}. ${
          actual.endsWith('table main"')
            ? `The main table itself was changed: undo that (ip route del the route you added to main, or ip route replace default via 198.51.100.1 dev eth0) and let a rule pick the traffic from ${SOURCE} instead.`
            : `A rule sends other traffic to that table too (a rule without "from" matches every packet): delete it with ip rule del priority <N> and add one with a source: ip rule add from ${SOURCE} lookup 100`
        }`,
    }),
    check({
      id: 'rail-ping',
      subject: `ping -I ${SOURCE} ${REMOTE}`,
      property: 'gets a reply, which only the rail gateway can deliver',
      requires: ['eth1-address'],
      read: probeSucceeded('rail-ping'),
      expect: equals(true),
      pass: `${REMOTE} answers traffic from ${SOURCE}; only the rail gateway ${RAIL} reaches it, so that is the path the packets took.`,
      fail: `${REMOTE} does not answer ping -I ${SOURCE}. Only the rail gateway ${RAIL} reaches it: the packets from ${SOURCE} must leave through it (see the checks above).`,
    }),
  ],
});
