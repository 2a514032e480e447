import definition from '../exercises/veth-testns/exercise.json' with { type: 'json' };
import type { CollectedState } from '../src/state/collect.ts';
import { findLink, isUp, type Link } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineParameterizedGrader } from '../src/grading/grader.ts';
import { contains, equals } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';

/** Where veth0's other end is, in words: "veth0's other end is x0 in testns". */
function peerOf(s: CollectedState, ns: string, veth0: Link): string {
  if (veth0.link_netnsid === undefined) return `veth0's other end is ${veth0.link ?? 'unknown'}, on the host`;
  const peer = s.namespaces[ns]?.links.find((l) => l.ifindex === veth0.link_index);
  return `veth0's other end is ${peer ? `${peer.ifname} in ${ns}` : 'in another namespace'}, not veth1`;
}

export default defineParameterizedGrader(definition, (p) => {
  const ns = String(p.ns);
  const [hostIp, peerIp, hostAddr, peerAddr] = [p.host_ip, p.peer_ip, p.host_addr, p.peer_addr].map(String) as [string, string, string, string];
  return {
    request: {
      namespaces: ['', ns],
      ip: ['link', 'addr'],
      probes: [
        { id: 'host->peer', kind: 'ping', from: '', target: peerIp },
        { id: 'ns->host', kind: 'ping', from: ns, target: hostIp },
      ],
    },
    checks: [
      check({
        id: 'ns-exists',
        subject: `namespace ${ns}`,
        property: 'exists',
        read: (s) => s.netns,
        expect: contains(ns),
        fail: ({ actual }) => `There is no namespace called ${ns} (ip netns list shows ${actual}). Create it with: ip netns add ${ns}`,
      }),
      check({
        id: 'veth0-is-veth',
        subject: 'veth0 on the host',
        property: 'is a veth end',
        read: (s) => findLink(s.namespaces[''], 'veth0')?.linkinfo?.info_kind ?? 'missing',
        expect: equals('veth'),
        fail: ({ actual }) => `The host should have veth0, one end of a veth pair; found ${actual}. Create the pair with: ip link add veth0 type veth peer name veth1`,
      }),
      check({
        id: 'veth1-in-ns',
        subject: 'veth1',
        property: `is in ${ns}`,
        requires: ['ns-exists'],
        read: (s) => findLink(s.namespaces[ns], 'veth1')?.linkinfo?.info_kind ?? 'missing',
        expect: equals('veth'),
        fail: (c) =>
          `veth1 is not in ${ns} (found ${c.actual} there). Move the far end in with: ip link set veth1 netns ${ns}`,
      }),
      check({
        id: 'one-pair',
        subject: 'veth0 and veth1',
        property: 'are the two ends of one veth pair',
        requires: ['veth0-is-veth', 'veth1-in-ns'],
        read: (s) => {
          const host = findLink(s.namespaces[''], 'veth0')!;
          const inside = findLink(s.namespaces[ns], 'veth1')!;
          return host.link_index === inside.ifindex && inside.link_index === host.ifindex && host.link_netnsid !== undefined ? 'one pair' : peerOf(s, ns, host);
        },
        expect: equals('one pair'),
        pass: `veth0 and veth1 are the two ends of one cable.`,
        fail: ({ actual }) =>
          `veth0 and veth1 should be the two ends of one veth pair, one cable from the host into ${ns}; ${actual.replace(/"/g, '')}. ` +
          `Delete both and create them as a pair: ip link del veth0; ip -n ${ns} link del veth1; ip link add veth0 type veth peer name veth1 netns ${ns}`,
      }),
      check({
        id: 'veth0-address',
        subject: 'veth0',
        property: `has ${hostAddr}`,
        requires: ['veth0-is-veth'],
        read: (s) => s.namespaces['']!.addresses.veth0 ?? [],
        expect: contains(hostAddr),
        fail: ({ actual }) => `veth0 should have ${hostAddr}; found ${actual}. Add it with: ip addr add ${hostAddr} dev veth0`,
      }),
      check({
        id: 'veth1-address',
        subject: `veth1 in ${ns}`,
        property: `has ${peerAddr}`,
        requires: ['veth1-in-ns'],
        read: (s) => s.namespaces[ns]!.addresses.veth1 ?? [],
        expect: contains(peerAddr),
        fail: ({ actual }) => `veth1 should have ${peerAddr}; found ${actual}. Add it with: ip -n ${ns} addr add ${peerAddr} dev veth1`,
      }),
      check({
        id: 'veth0-up',
        subject: 'veth0',
        property: 'is up',
        requires: ['veth0-is-veth'],
        read: (s) => isUp(findLink(s.namespaces[''], 'veth0')),
        expect: equals(true),
        fail: 'veth0 is down. Bring it up with: ip link set veth0 up',
      }),
      check({
        id: 'veth1-up',
        subject: `veth1 in ${ns}`,
        property: 'is up',
        requires: ['veth1-in-ns'],
        read: (s) => isUp(findLink(s.namespaces[ns], 'veth1')),
        expect: equals(true),
        fail: `veth1 in ${ns} is down: a link moved into a namespace arrives down. Bring it up with: ip -n ${ns} link set veth1 up`,
      }),
      check({
        id: 'host-pings-ns',
        subject: 'the host',
        property: `pings ${peerIp}`,
        weight: 2,
        read: probeSucceeded('host->peer'),
        expect: equals(true),
        fail: `${peerIp} does not answer the host. Both ends of the cable must be up and addressed in ${String(p.subnet)}.`,
      }),
      check({
        id: 'ns-pings-host',
        subject: ns,
        property: `pings ${hostIp}`,
        weight: 2,
        requires: ['ns-exists'],
        read: probeSucceeded('ns->host'),
        expect: equals(true),
        fail: `${hostIp} does not answer from inside ${ns}.`,
      }),
    ],
  };
});
