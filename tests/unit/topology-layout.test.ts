/** The topology layout and its SVG and text renderings, on recorded topologies. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeChanges, changeSentence } from '../../src/topology/diff.ts';
import { interfaceRows, layoutTopology, SIZES, type Box } from '../../src/topology/layout.ts';
import type { Topology } from '../../src/topology/model.ts';
import { fit, renderTopologySvg } from '../../src/topology/render-svg.ts';
import { renderTopologyText } from '../../src/topology/render-text.ts';
import { exerciseTopology, sceneTopology, solutionTopology } from '../fixtures/topology/load.ts';

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

const recorded: Array<[string, () => Topology]> = [
  ['bridge-three', () => solutionTopology('bridge-three')],
  ['veth-testns', () => solutionTopology('veth-testns')],
  ['router-ns', () => sceneTopology('router-ns')],
  ['odd-ends', () => sceneTopology('odd-ends')],
  ['thirty-interfaces', () => sceneTopology('thirty-interfaces')],
  // Every exercise's target picture.
  ...readdirSync('src/topology/targets').map((file): [string, () => Topology] => {
    const id = file.replace(/\.txt$/, '');
    return [`exercise ${id}`, () => exerciseTopology(id)];
  }),
];

describe.each(recorded)('layout of %s', (_, load) => {
  const topology = load();
  const layout = layoutTopology(topology);

  it('places every namespace, interface, outside end and edge', () => {
    expect(Object.keys(layout.namespaces).sort()).toEqual(topology.namespaces.map((n) => n.name).sort());
    expect(Object.keys(layout.interfaces).sort()).toEqual(Object.keys(topology.interfaces).sort());
    expect(Object.keys(layout.clouds).sort()).toEqual(topology.outside.map((o) => o.id).sort());
    expect(layout.edges.map((e) => e.edge)).toEqual(topology.edges);
    for (const { path } of layout.edges) expect(path).toMatch(/^M[\d.]+,[\d.]+ [CV]/);
  });

  it('never overlaps boxes, keeps interfaces inside their namespace and everything inside the picture', () => {
    const boxes = Object.values(layout.namespaces);
    const clouds = Object.values(layout.clouds);
    for (const [i, a] of [...boxes, ...clouds].entries()) {
      for (const b of [...boxes, ...clouds].slice(i + 1)) expect(overlap(a, b)).toBe(false);
      expect(inside(a, { x: 0, y: 0, width: layout.width, height: layout.height })).toBe(true);
    }
    const pills = Object.values(layout.interfaces);
    for (const [i, a] of pills.entries()) {
      expect(inside(a, layout.namespaces[topology.interfaces[a.id]!.namespace]!)).toBe(true);
      for (const b of pills.slice(i + 1)) expect(overlap(a, b)).toBe(false);
    }
  });

  it('is deterministic', () => {
    expect(layoutTopology(load())).toEqual(layout);
  });

  it('draws a pill for every interface and marks the down ones and those without addresses', () => {
    const svg = renderTopologySvg(topology, layout, { label: 'Test' });
    for (const item of Object.values(topology.interfaces)) {
      const pill = new RegExp(`<g class="([^"]*)" data-if="${item.id.replace(/[.]/g, '\\.')}"`).exec(svg);
      expect(pill, item.id).not.toBeNull();
      expect(pill![1]!).toContain(`is-${item.state}`);
      expect(pill![1]!.includes('no-address')).toBe(item.addresses.length === 0);
    }
    // Exactly one interface is in the tab order (roving focus).
    expect(svg.match(/tabindex="0"/g)).toHaveLength(1);
  });

  it('lists every interface in the text view, under its namespace', () => {
    const html = renderTopologyText(topology);
    for (const ns of topology.namespaces) expect(html).toContain(`<h3>${ns.title} `);
    for (const id of Object.keys(topology.interfaces)) expect(html).toContain(`data-if="${id}"`);
  });
});

describe('layout shapes', () => {
  it('puts bridge-three host first and its three namespaces in the next column, in port order', () => {
    const layout = layoutTopology(solutionTopology('bridge-three'));
    expect(layout.namespaces['']!.column).toBe(0);
    expect(['ns1', 'ns2', 'ns3'].map((n) => layout.namespaces[n]!.column)).toEqual([1, 1, 1]);
    expect(layout.namespaces.ns1!.y).toBeLessThan(layout.namespaces.ns2!.y);
    expect(layout.namespaces.ns2!.y).toBeLessThan(layout.namespaces.ns3!.y);
  });

  it('lays router-ns out as a chain left, router, right, in a band below the host', () => {
    const layout = layoutTopology(sceneTopology('router-ns'));
    expect(['left', 'router', 'right'].map((n) => layout.namespaces[n]!.column)).toEqual([0, 1, 2]);
    expect(layout.namespaces.left!.y).toBeGreaterThan(layout.namespaces['']!.y + layout.namespaces['']!.height);
  });

  it('indents ports under their bridge and VLANs under their parent', () => {
    const bridge = solutionTopology('bridge-three');
    expect(interfaceRows(bridge, '').map((r) => `${r.id}:${r.depth}`)).toEqual(['/lo:0', '/eth0:0', '/eth1:0', '/br0:0', '/veth-ns1:1', '/veth-ns2:1', '/veth-ns3:1']);
    expect(interfaceRows(exerciseTopology('vlan-trunk'), 'east').map((r) => `${r.id}:${r.depth}`)).toEqual(['east/lo:0', 'east/eth0:0', 'east/eth0.100:1']);
  });

  it('keeps 30 interfaces within a width a panel can show at 80%', () => {
    const layout = layoutTopology(sceneTopology('thirty-interfaces'));
    expect(layout.width).toBeLessThanOrEqual(1100);
    expect(SIZES.pillHeight).toBeGreaterThanOrEqual(32);
  });
});

describe('rendering text safely', () => {
  it('escapes names and cuts long text with an ellipsis', () => {
    const topology = solutionTopology('veth-testns');
    const odd = structuredClone(topology);
    odd.interfaces['/veth0']!.name = '<b>&"x';
    const svg = renderTopologySvg(odd, layoutTopology(odd), { label: 'a "label"' });
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;&amp;&quot;x');
    expect(fit('2001:db8:1234:5678:9abc:def0:1234:5678/64', 100)).toMatch(/^.{13}…$/);
    expect(fit('short', 100)).toBe('short');
  });
});

describe('describing changes', () => {
  it('names a new cable, its new interfaces and a namespace that appeared', () => {
    const before = sceneTopology('odd-ends');
    const after = solutionTopology('veth-testns');
    const changes = describeChanges(before, after);
    expect(changes).toContain('New namespace testns');
    expect(changes).toContain('New interface veth0 in host');
    expect(changes).toContain('New cable: veth0 in host to veth1 in testns');
    expect(changes).toContain('Namespace lonely is gone');
    expect(changes).toContain('bond0 in host is gone');
    expect(changes).toContain('Cable removed: hostA in host to hostB in host');
    expect(changeSentence(changes, 2)).toMatch(/, and \d+ more changes\.$/);
  });

  it('names a link that went down and an address that came or went', () => {
    const before = sceneTopology('router-ns');
    const after = structuredClone(before);
    after.interfaces['left/eth0']!.state = 'down';
    after.interfaces['right/eth0']!.addresses = ['10.0.2.3/24'];
    expect(describeChanges(before, after)).toEqual(['eth0 in left is now down', 'eth0 in right has 10.0.2.3/24', 'eth0 in right lost 10.0.2.2/24']);
  });

  it('says nothing when nothing changed', () => {
    const t = sceneTopology('router-ns');
    expect(describeChanges(t, sceneTopology('router-ns'))).toEqual([]);
    expect(changeSentence([])).toBe('');
  });
});
