/**
 * The topology model on state recorded from the real guest: exercises' reference solutions
 * (tests/fixtures/graders) and the topology's own scenes (tests/fixtures/topology), plus
 * hand-made states for what recordings rarely show (ifindexes that collide across namespaces).
 */
import { describe, expect, it } from 'vitest';
import type { CollectedState } from '../../src/state/collect.ts';
import type { Link, NamespaceState } from '../../src/state/parse-ip.ts';
import { buildTopology, routeText, type EdgeKind, type Topology } from '../../src/topology/model.ts';
import { parseTopologyOutput } from '../../src/topology/watch.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { listExerciseIds } from '../../src/exercises/load.ts';
import { digestLine, exerciseTopology, sceneOutput, sceneTopology, solutionTopology } from '../fixtures/topology/load.ts';

/** Edges of one kind as "from -> to" (down ones marked), sorted. */
const edges = (t: Topology, kind: EdgeKind) =>
  t.edges
    .filter((e) => e.kind === kind)
    .map((e) => `${e.from} -> ${e.to}${e.down ? ' (down)' : ''}`)
    .sort();
const namespaces = (t: Topology) => t.namespaces.map((n) => n.title);
const addresses = (t: Topology, id: string) => t.interfaces[id]?.addresses;

describe.each([
  ['as its grader recorded it', () => solutionTopology('bridge-three')],
  ['as recorded for the target picture', () => exerciseTopology('bridge-three')],
])('bridge-three: three namespaces on a host bridge (exercise solution, %s)', (_, load) => {
  const t = load();

  it('has the host and the three namespaces', () => {
    expect(namespaces(t)).toEqual(['host', 'ns1', 'ns2', 'ns3']);
  });

  it('matches each namespace end with its host end across namespaces', () => {
    expect(edges(t, 'cable')).toEqual(['/veth-ns1 -> ns1/eth0', '/veth-ns2 -> ns2/eth0', '/veth-ns3 -> ns3/eth0']);
    expect(t.interfaces['ns2/eth0']!.peer).toBe('/veth-ns2');
  });

  it('puts the host ends on the bridge, which holds the SVI address', () => {
    expect(edges(t, 'member')).toEqual(['/veth-ns1 -> /br0', '/veth-ns2 -> /br0', '/veth-ns3 -> /br0']);
    expect(t.interfaces['/br0']).toMatchObject({ kind: 'bridge', state: 'up', addresses: ['10.0.1.254/24'] });
    expect(addresses(t, '/veth-ns1')).toEqual([]);
    expect(addresses(t, 'ns3/eth0')).toEqual(['10.0.1.3/24']);
  });

  it('sends eth0 and eth1 to the outside world, eth1 down', () => {
    expect(edges(t, 'outside')).toEqual(['/eth0 -> outside:isp', '/eth1 -> outside:labrouter (down)']);
    expect(t.outside.map((o) => o.title)).toEqual(['isp', 'labrouter']);
    expect(t.interfaces['/eth1']!.state).toBe('down');
  });
});

describe('veth-testns: one cable from the host into a namespace (exercise solution)', () => {
  const t = solutionTopology('veth-testns');

  it('joins veth0 on the host to veth1 in testns, both addressed', () => {
    expect(namespaces(t)).toEqual(['host', 'testns']);
    expect(edges(t, 'cable')).toEqual(['/veth0 -> testns/veth1']);
    expect(addresses(t, '/veth0')).toEqual(['10.0.0.1/24']);
    expect(addresses(t, 'testns/veth1')).toEqual(['10.0.0.2/24']);
  });
});

describe.each([
  ['exercise solution', () => exerciseTopology('router-ns')],
  ['scene, veths made from the router', () => sceneTopology('router-ns')],
])('router-ns: two namespaces routed through a third (%s)', (_, load) => {
  const t = load();

  it('chains left - router - right, even though both end namespaces number their eth0 alike', () => {
    expect(namespaces(t)).toEqual(['host', 'left', 'right', 'router']);
    expect(edges(t, 'cable')).toEqual(['left/eth0 -> router/to-left', 'right/eth0 -> router/to-right']);
    expect(t.interfaces['left/eth0']!.ifindex).toBe(t.interfaces['right/eth0']!.ifindex);
  });

  it('keeps the host out of it: its uplinks lead to the outside world', () => {
    expect(edges(t, 'outside')).toEqual(['/eth0 -> outside:isp', '/eth1 -> outside:labrouter (down)']);
  });

  it('gives the router both addresses and the ends their default routes', () => {
    expect(addresses(t, 'router/to-left')).toEqual(['10.0.1.1/24']);
    expect(addresses(t, 'router/to-right')).toEqual(['10.0.2.1/24']);
    expect(t.namespaces.find((n) => n.name === 'left')!.defaultRoute).toBe('default via 10.0.1.1 dev eth0');
    expect(t.interfaces['right/eth0']!.routes).toContain('10.0.2.0/24 dev eth0 src 10.0.2.2');
  });
});

describe('router-ns without the host nsids (as in a grader recording)', () => {
  it('pairs the same way', () => {
    const { state } = parseTopologyOutput(sceneOutput('router-ns'));
    expect(edges(buildTopology(state), 'cable')).toEqual(['left/eth0 -> router/to-left', 'right/eth0 -> router/to-right']);
  });
});

describe('vlan-trunk: two namespaces on one veth trunk with VLAN 100 sub-interfaces (exercise solution)', () => {
  const t = exerciseTopology('vlan-trunk');

  it('joins the trunk ends and stacks a VLAN 100 interface on each', () => {
    expect(namespaces(t)).toEqual(['host', 'east', 'west']);
    expect(edges(t, 'cable')).toEqual(['east/eth0 -> west/eth0']);
    expect(edges(t, 'stacked')).toEqual(['east/eth0.100 -> east/eth0', 'west/eth0.100 -> west/eth0']);
    expect(t.edges.find((e) => e.kind === 'stacked')!.label).toBe('VLAN 100');
    expect(t.interfaces['west/eth0.100']).toMatchObject({ kind: 'vlan', vlanId: 100, addresses: ['192.168.100.2/24'] });
  });

  it('leaves the trunk ends themselves without addresses', () => {
    expect(addresses(t, 'east/eth0')).toEqual([]);
    expect(addresses(t, 'east/eth0.100')).toEqual(['192.168.100.1/24']);
  });
});

describe('container-from-scratch: c1 and c2 on docker0 (exercise solution)', () => {
  const t = exerciseTopology('container-from-scratch');

  it('has the bridge with its address and both containers cabled to its ports', () => {
    expect(namespaces(t)).toEqual(['host', 'c1', 'c2']);
    expect(t.interfaces['/docker0']).toMatchObject({ kind: 'bridge', state: 'up', addresses: ['172.17.0.1/16'] });
    expect(edges(t, 'cable')).toEqual(['/veth-c1 -> c1/eth0', '/veth-c2 -> c2/eth0']);
    expect(edges(t, 'member')).toEqual(['/veth-c1 -> /docker0', '/veth-c2 -> /docker0']);
    expect(addresses(t, 'c2/eth0')).toEqual(['172.17.0.3/16']);
    expect(t.namespaces.find((n) => n.name === 'c2')!.defaultRoute).toBe('default via 172.17.0.1 dev eth0');
  });
});

describe('bond-backup: a bond of two veths into a namespace with a bridge (exercise solution)', () => {
  const t = exerciseTopology('bond-backup');

  it('puts both cables under the bond on one side and under the bridge on the other', () => {
    expect(edges(t, 'cable')).toEqual(['/eth2 -> switch/port1', '/eth3 -> switch/port2']);
    expect(edges(t, 'member')).toEqual(['/eth2 -> /bond0', '/eth3 -> /bond0', 'switch/port1 -> switch/br0', 'switch/port2 -> switch/br0']);
  });
});

describe('odd ends: a veth within one namespace, a bond, macvlan, down links, an unlisted namespace', () => {
  const t = sceneTopology('odd-ends');

  it('pairs a veth whose ends are both on the host, and marks it down', () => {
    expect(edges(t, 'cable')).toEqual(['/hostA -> /hostB (down)']);
    expect(t.interfaces['/hostB']!.state).toBe('down');
    expect(t.interfaces['/hostA']!.state).toBe('no-carrier');
  });

  it('puts bond members under the bond and the macvlan on its parent', () => {
    expect(edges(t, 'member')).toEqual(['/dummy0 -> /bond0', '/dummy1 -> /bond0']);
    expect(edges(t, 'stacked')).toEqual(['/mv0 -> /eth0 (down)']);
  });

  it('sends a cable into a namespace ip netns list does not show to an outside end of its own', () => {
    const peer = t.interfaces['/toHidden']!.peer!;
    expect(t.outside.find((o) => o.id === peer)).toMatchObject({ world: false, title: 'unlisted namespace' });
  });

  it('shows a namespace with only lo, down, and without addresses', () => {
    expect(t.interfaces['lonely/lo']).toMatchObject({ state: 'down', addresses: [] });
  });
});

describe('thirty interfaces', () => {
  it('reads every interface of the host and six namespaces', () => {
    const t = sceneTopology('thirty-interfaces');
    expect(Object.keys(t.interfaces).length).toBeGreaterThanOrEqual(30);
    expect(edges(t, 'cable')).toContain('ns4/to-ns5 -> ns5/from-ns4');
    expect(edges(t, 'stacked')).toContain('/bond0.10 -> /bond0');
  });
});

describe("the exercises' target recordings", () => {
  const recorded = readdirSync('src/topology/targets').map((f) => f.replace(/\.txt$/, ''));

  it.each(recorded)('%s was recorded from its current set-up and solution', (id) => {
    expect(listExerciseIds(), `src/topology/targets/${id}.txt belongs to no exercise: delete it`).toContain(id);
    const first = readFileSync(`src/topology/targets/${id}.txt`, 'utf8').split('\n')[0];
    expect(`${first}\n`, `exercise ${id} changed since its target picture was recorded: npx tsx scripts/record-topology-fixtures.ts ${id}`).toBe(digestLine(id));
  });
});

describe('matching veth ends when ifindexes collide', () => {
  const veth = (ifindex: number, ifname: string, peer: number, nsid: number): Link => ({
    ifindex,
    ifname,
    flags: ['BROADCAST', 'UP', 'LOWER_UP'],
    link_index: peer,
    link_netnsid: nsid,
    linkinfo: { info_kind: 'veth' },
  });
  const ns = (...links: Link[]): NamespaceState => ({ exists: true, links, addresses: {}, routes: [], rules: [], neighbours: [] });
  // Host x(5) goes to a's p(2); c's r(5) goes to b's q(2). Indexes alone cannot tell x from r.
  const state: CollectedState = {
    netns: ['a', 'b', 'c'],
    namespaces: { '': ns(veth(5, 'x', 2, 2)), a: ns(veth(2, 'p', 5, 0)), b: ns(veth(2, 'q', 5, 0)), c: ns(veth(5, 'r', 2, 1)) },
    sysctls: {},
    probes: {},
    serverLog: [],
  };

  it('uses the host nsids to settle the host end, and the rest follows', () => {
    const t = buildTopology(state, { hostNsids: { a: 2, b: 3, c: 4 } });
    expect(edges(t, 'cable')).toEqual(['/x -> a/p', 'b/q -> c/r']);
    const other = buildTopology(state, { hostNsids: { a: 3, b: 2, c: 4 } });
    expect(edges(other, 'cable')).toEqual(['/x -> b/q', 'a/p -> c/r']);
  });

  it('still gives every end one peer without them', () => {
    const t = buildTopology(state);
    const peers = Object.values(t.interfaces).map((i) => i.peer);
    expect(peers.every(Boolean)).toBe(true);
    expect(new Set(peers).size).toBe(4);
  });
});

describe('routeText', () => {
  it('writes a route the way ip route does, without the kernel noise', () => {
    expect(routeText({ dst: 'default', gateway: '10.0.0.1', dev: 'eth0', protocol: 'boot', scope: 'global' })).toBe('default via 10.0.0.1 dev eth0');
    expect(routeText({ dst: '10.9.0.0/16', type: 'blackhole' })).toBe('blackhole 10.9.0.0/16');
    expect(routeText({ dst: '10.0.0.0/24', dev: 'v', table: '100', prefsrc: '10.0.0.1' })).toBe('10.0.0.0/24 dev v table 100 src 10.0.0.1');
  });
});
