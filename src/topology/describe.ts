/**
 * Words for the topology: what the diagram's details popup, its accessible labels and the
 * text view say about an interface or a namespace. One source, so the diagram and the text
 * alternative carry the same information.
 *
 * @example describeInterface(topology, 'ns1/eth0').summary
 * // 'eth0 in ns1: veth, up, 10.0.1.1/24, cable to veth-ns1 in host'
 */
import type { Topology, TopologyInterface } from './model.ts';

export interface Fact {
  label: string;
  values: string[];
}

export interface InterfaceDescription {
  title: string;
  /** One sentence: name, kind, state, addresses, what it connects to. */
  summary: string;
  facts: Fact[];
}

const STATE_WORDS: Record<TopologyInterface['state'], string> = {
  up: 'up',
  down: 'down',
  'no-carrier': 'up, no carrier',
};

/** "veth", "bridge", "VLAN 100 (vlan)"... */
export function kindLabel(item: TopologyInterface): string {
  if (item.kind === 'vlan' && item.vlanId !== undefined) return `VLAN ${item.vlanId}`;
  return item.kind;
}

export function namespaceLabel(namespace: string): string {
  return namespace === '' ? 'host' : namespace;
}

/** How another interface or outside end is named from `from`'s namespace: "veth1 in testns", or "br0" when local. */
export function endName(topology: Topology, id: string, fromNamespace?: string): string {
  const outside = topology.outside.find((o) => o.id === id);
  if (outside) return outside.world ? `${outside.title} (outside world)` : outside.title;
  const item = topology.interfaces[id];
  if (!item) return id;
  return item.namespace === fromNamespace ? item.name : `${item.name} in ${namespaceLabel(item.namespace)}`;
}

/** What the interface connects to, in a few words each. */
export function connections(topology: Topology, item: TopologyInterface): string[] {
  const out: string[] = [];
  if (item.peer) out.push(`cable to ${endName(topology, item.peer, item.namespace)}`);
  if (item.master) out.push(`port of ${endName(topology, item.master, item.namespace)}`);
  if (item.parent) out.push(`on top of ${endName(topology, item.parent, item.namespace)}`);
  const ports = Object.values(topology.interfaces).filter((i) => i.master === item.id);
  if (ports.length) out.push(`ports: ${ports.map((p) => p.name).join(', ')}`);
  const uppers = Object.values(topology.interfaces).filter((i) => i.parent === item.id);
  if (uppers.length) out.push(`carries ${uppers.map((u) => `${u.name}${u.vlanId !== undefined ? ` (VLAN ${u.vlanId})` : ''}`).join(', ')}`);
  return out;
}

export function describeInterface(topology: Topology, id: string): InterfaceDescription {
  const item = topology.interfaces[id]!;
  const where = namespaceLabel(item.namespace);
  const links = connections(topology, item);
  const addresses = item.addresses.length ? item.addresses.join(', ') : 'no address';
  const summary = [`${item.name} in ${where}: ${kindLabel(item)}`, STATE_WORDS[item.state], addresses, ...links].join(', ');
  const facts: Fact[] = [
    { label: 'State', values: [STATE_WORDS[item.state]] },
    { label: 'Addresses', values: item.addresses.length ? item.addresses : ['none'] },
  ];
  if (item.automaticAddresses.length) facts.push({ label: 'Automatic addresses', values: item.automaticAddresses });
  if (links.length) facts.push({ label: 'Connects', values: links });
  facts.push({ label: 'Routes out of it', values: item.routes.length ? item.routes : ['none'] });
  const hardware = [item.mac ? `MAC ${item.mac}` : '', item.mtu ? `MTU ${item.mtu}` : ''].filter(Boolean);
  if (hardware.length) facts.push({ label: 'Link', values: [hardware.join(', ')] });
  return { title: `${item.name} (${kindLabel(item)}) in ${where}`, summary, facts };
}

/** One line for the whole picture, e.g. "3 namespaces besides the host, 13 interfaces, 3 cables, 2 down". */
export function topologySummary(topology: Topology): string {
  const items = Object.values(topology.interfaces);
  const cables = topology.edges.filter((e) => e.kind === 'cable' || e.kind === 'outside').length;
  const down = items.filter((i) => i.state !== 'up').length;
  const others = topology.namespaces.length - 1;
  const parts = [
    others === 0 ? 'the host only, no other namespace' : `${others} namespace${others === 1 ? '' : 's'} besides the host`,
    `${items.length} interface${items.length === 1 ? '' : 's'}`,
    `${cables} cable${cables === 1 ? '' : 's'}`,
  ];
  if (down) parts.push(`${down} not up`);
  return parts.join(', ');
}
