import type { CollectedState } from '../src/state/collect.ts';
import { findLink, isUp } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { eth1Prepared } from './lib/lab-eth1.ts';
import { equals, matches } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';
import { routeDecision, routeGetProbe } from './lib/route-get.ts';

const VRF = 'vrf-blue';
const TABLE = 100;
const FAR = '10.51.0.1';
const ADD_ROUTE = `ip route add 10.51.0.0/16 via 10.50.0.1 vrf ${VRF}`;

const host = (s: CollectedState) => s.namespaces['']!;

export default defineGrader({
  exercise: 'vrf-blue',
  request: {
    namespaces: [''],
    ip: ['link', 'addr', 'route'],
    probes: [routeGetProbe('vrf-route', `${FAR} vrf ${VRF}`), { id: 'vrf-ping', kind: 'command', from: '', target: `ping -c1 -W2 -I ${VRF} ${FAR}` }],
  },
  checks: [
    eth1Prepared(),
    check({
      id: 'vrf-device',
      subject: VRF,
      property: `is a VRF device for table ${TABLE}, up`,
      read: (s) => {
        const vrf = findLink(host(s), VRF);
        if (!vrf) return 'missing';
        if (vrf.linkinfo?.info_kind !== 'vrf') return `a ${vrf.linkinfo?.info_kind ?? 'plain'} interface`;
        return `vrf table ${String(vrf.linkinfo.info_data?.table)} ${isUp(vrf) ? 'UP' : 'DOWN'}`;
      },
      expect: equals(`vrf table ${TABLE} UP`),
      pass: `${VRF} is a VRF bound to table ${TABLE}, and up.`,
      fail: ({ actual }) => {
        const recreate = `ip link del ${VRF}; ip link add ${VRF} type vrf table ${TABLE}; ip link set ${VRF} up; ip link set eth1 master ${VRF}`;
        if (actual === '"missing"') return `There is no ${VRF}. Create it: ip link add ${VRF} type vrf table ${TABLE}; ip link set ${VRF} up`;
        if (!actual.startsWith('"vrf ')) return `${VRF} should be a VRF device; it is ${actual}. Recreate it: ${recreate}`;
        if (!actual.includes(`table ${TABLE} `)) return `${VRF} should use table ${TABLE}; found ${actual}. A VRF's table is fixed when it is created: ${recreate}`;
        return `${VRF} is DOWN, and a VRF that is down routes nothing (ping -I ${VRF} answers "Network is unreachable"). Bring it up: ip link set ${VRF} up`;
      },
    }),
    check({
      id: 'eth1-in-vrf',
      subject: 'eth1',
      property: `is enslaved to ${VRF}`,
      read: (s) => findLink(host(s), 'eth1')?.master ?? 'none',
      expect: equals(VRF),
      pass: `eth1 belongs to ${VRF}: its routes live in the VRF's table.`,
      fail: ({ actual }) =>
        `eth1 is not in ${VRF} (its master is ${actual}); it still routes in the global table. Move it, the "vrf forwarding" of Linux: ip link set eth1 master ${VRF}`,
    }),
    check({
      id: 'connected-moved',
      subject: "eth1's connected route 10.50.0.0/16",
      property: `is in table ${TABLE}, not in main`,
      requires: ['vrf-device', 'eth1-in-vrf'],
      read: (s) => {
        const tables = host(s)
          .routes.filter((r) => r.dst === '10.50.0.0/16' && r.dev === 'eth1')
          .map((r) => `table ${r.table ?? 'main'}`);
        return tables.join(', ') || 'in no table';
      },
      expect: matches(new RegExp(`^table (${TABLE}|(?!main$)[a-z][\\w-]*)$`)),
      pass: ({ actual }) => `10.50.0.0/16 dev eth1 is in ${actual}, the VRF's table, and gone from main.`,
      fail: ({ actual }) =>
        `Enslaving eth1 moves its connected route into the VRF's table ${TABLE}; found it ${actual}. eth1 needs its address 10.50.0.10/16 and must be up for the route to exist.`,
    }),
    check({
      id: 'vrf-route',
      subject: `a lookup for ${FAR} in ${VRF}`,
      property: `finds a route in table ${TABLE} via 10.50.0.1`,
      requires: ['vrf-device', 'eth1-in-vrf'],
      read: routeDecision('vrf-route'),
      expect: equals(`via 10.50.0.1 dev eth1 table ${TABLE}`),
      pass: `ip route get ${FAR} vrf ${VRF} answers via 10.50.0.1 dev eth1 from table ${TABLE}.`,
      fail: ({ actual }) =>
        actual.endsWith('table main"')
          ? `ip route get ${FAR} vrf ${VRF} answers ${actual}: table ${TABLE} had no route, so the lookup fell through to the main table, a leak out of the VRF. Put the route in the VRF (and remove it from main if you added it there): ${ADD_ROUTE}`
          : `ip route get ${FAR} vrf ${VRF} should answer via 10.50.0.1 dev eth1 table ${TABLE}; it answers ${actual}. Add the route to the VRF: ${ADD_ROUTE}`,
    }),
    check({
      id: 'vrf-ping',
      subject: `ping -I ${VRF} ${FAR}`,
      property: 'gets a reply from inside the VRF',
      requires: ['vrf-device'],
      read: probeSucceeded('vrf-ping'),
      expect: equals(true),
      pass: `${FAR} answers a ping sent in ${VRF}.`,
      fail: `${FAR} does not answer ping -I ${VRF}. The VRF needs eth1 and a route to 10.51.0.0/16 via 10.50.0.1: ${ADD_ROUTE}`,
    }),
  ],
});
