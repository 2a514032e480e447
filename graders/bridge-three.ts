import definition from '../exercises/bridge-three/exercise.json' with { type: 'json' };
import type { CollectedState } from '../src/state/collect.ts';
import { findLink, isUp } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineParameterizedGrader } from '../src/grading/grader.ts';
import { contains, equals, matches } from '../src/grading/matchers.ts';
import { namespaceExists } from './lib/namespaces.ts';
import { probeSucceeded } from './lib/probes.ts';
import { hostEnd } from './lib/veth.ts';

const HOSTS = [1, 2, 3] as const;
const pairs = [
  [1, 2],
  [1, 3],
  [2, 3],
] as const;

export default defineParameterizedGrader(definition, (p) => {
  // The /24 the task uses, without its last octet: "10.0.1" for 10.0.1.0/24.
  const base = String(p.subnet).replace(/\.0\/24$/, '');
  return {
    request: {
      namespaces: ['', 'ns1', 'ns2', 'ns3'],
      ip: ['link', 'addr'],
      probes: [
        ...pairs.map(([a, b]) => ({ id: `ns${a}->ns${b}`, kind: 'ping' as const, from: `ns${a}`, target: `${base}.${b}` })),
        ...HOSTS.map((n) => ({ id: `ns${n}->br0`, kind: 'ping' as const, from: `ns${n}`, target: `${base}.254` })),
      ],
    },
    checks: [
      ...HOSTS.map((n) => namespaceExists(`ns${n}`)),
      check({
        id: 'br0-bridge',
        subject: 'br0',
        property: 'is a bridge and up',
        read: (s) => {
          const br = findLink(s.namespaces[''], 'br0');
          return br ? `${br.linkinfo?.info_kind ?? 'not a bridge'} ${isUp(br) ? 'UP' : 'DOWN'}` : 'missing';
        },
        expect: equals('bridge UP'),
        fail: ({ actual }) => `br0 should be a bridge that is up; found ${actual}. Create it with: ip link add br0 type bridge; ip link set br0 up`,
      }),
      check({
        id: 'br0-address',
        subject: 'br0',
        property: `has ${base}.254/24 (the SVI)`,
        requires: ['br0-bridge'],
        read: (s) => s.namespaces['']!.addresses.br0 ?? [],
        expect: contains(`${base}.254/24`),
        fail: ({ actual }) => `br0 should have ${base}.254/24, like an SVI on the VLAN; found ${actual}. Add it with: ip addr add ${base}.254/24 dev br0`,
      }),
      ...HOSTS.map((n) =>
        check({
          id: `ns${n}-port`,
          subject: `ns${n}'s cable`,
          property: 'is plugged into br0',
          requires: [`ns${n}-exists`, 'br0-bridge'],
          read: (s) => {
            const end = hostEnd(s, `ns${n}`, `${base}.${n}/24`);
            return end ? `${end.ifname} master ${end.master ?? '(none)'}` : `no veth from ns${n} with ${base}.${n}/24`;
          },
          expect: matches(/ master br0$/),
          fail: ({ actual }) =>
            actual.includes('master')
              ? `ns${n}'s cable is not a port of br0 (${actual}). Plug it in with: ip link set <host end> master br0`
              : `ns${n}'s cable is not a port of br0: found ${actual}. Give ns${n} a veth with ${base}.${n}/24 whose host end is a port of br0.`,
        }),
      ),
      ...pairs.map(([a, b]) =>
        check({
          id: `ns${a}-reaches-ns${b}`,
          subject: `ns${a}`,
          property: `pings ns${b} (${base}.${b})`,
          requires: [`ns${a}-exists`, `ns${b}-exists`],
          read: probeSucceeded(`ns${a}->ns${b}`),
          expect: equals(true),
          fail: `ns${a} cannot reach ${base}.${b}. Are both cables ports of br0, up, and addressed in ${base}.0/24?`,
        }),
      ),
      ...HOSTS.map((n) =>
        check({
          id: `ns${n}-reaches-host`,
          subject: `ns${n}`,
          property: `pings the host at ${base}.254`,
          requires: [`ns${n}-exists`],
          read: probeSucceeded(`ns${n}->br0`),
          expect: equals(true),
          fail: `ns${n} cannot reach ${base}.254. br0 needs that address and must be up.`,
        }),
      ),
    ],
  };
});
