/**
 * The topology model: what the learner has built, derived from the same state collection the
 * graders use (src/state/collect.ts). A pure function of a CollectedState, so recorded guest
 * output can be replayed in tests.
 *
 * Namespaces hold interfaces; edges join them: veth cables (matched across namespaces by
 * their peer indexes), bridge and bond membership, VLAN and other stacked devices on their
 * parent, and cables to ends outside the namespaces read (the hidden world, or a namespace
 * that `ip netns list` does not show).
 *
 * @example
 * const topology = buildTopology(parseCollectedState(output, TOPOLOGY_REQUEST));
 * topology.edges.filter((e) => e.kind === 'cable'); // [{ from: '/veth0', to: 'testns/veth1', ... }]
 */
import type { CollectedState, StateRequest } from '../state/collect.ts';
import type { Link, NamespaceState, Route } from '../state/parse-ip.ts';
import { worldPeerOf } from './world.ts';

/** up: administratively up with carrier; no-carrier: up, but nothing at the other end; down: set down. */
export type LinkState = 'up' | 'no-carrier' | 'down';

export interface TopologyInterface {
  /** `<namespace>/<name>`; the host's namespace is '' (so host interfaces read "/eth0"). */
  id: string;
  namespace: string;
  name: string;
  ifindex: number;
  /** The iproute2 kind (veth, bridge, vlan, bond, dummy, ...), 'loopback' or 'ether' when it has none. */
  kind: string;
  state: LinkState;
  mac?: string;
  mtu?: number;
  /** Addresses, as "10.0.0.1/24", except the automatic ones. */
  addresses: string[];
  /** Addresses the kernel adds by itself: IPv6 link-local. */
  automaticAddresses: string[];
  /** The bridge, bond or VRF this interface is a port of (an interface id). */
  master?: string;
  /** For stacked devices (VLAN, macvlan, ...): the interface underneath (an interface id). */
  parent?: string;
  vlanId?: number;
  /** For a veth: its other end (an interface id, or an outside end's id). */
  peer?: string;
  /** Routes leaving through this interface, in `ip route` words. */
  routes: string[];
}

export interface TopologyNamespace {
  /** '' for the host. */
  name: string;
  /** What the diagram calls it: "host" or the namespace's name. */
  title: string;
  /** Interface ids, lo first, then by ifindex. */
  interfaces: string[];
  /** Routes without an interface of their own (blackhole, unreachable, multipath). */
  routes: string[];
  /** The default route, in `ip route` words, if there is one. */
  defaultRoute?: string;
}

/** The far end of a cable that leaves the namespaces read: the hidden world, or an unnamed namespace. */
export interface OutsideEnd {
  id: string;
  title: string;
  summary: string;
  address?: string;
  /** True for the outside world's routers (isp, labrouter). */
  world: boolean;
}

export type EdgeKind = 'cable' | 'outside' | 'member' | 'stacked';

export interface TopologyEdge {
  kind: EdgeKind;
  /** cable: one veth end; member: the port; stacked: the upper device (e.g. eth0.100); outside: the interface. */
  from: string;
  /** cable: the other end; member: the bridge or bond; stacked: the parent; outside: the outside end. */
  to: string;
  /** Whether traffic cannot pass: one of its interfaces is down or without carrier. */
  down: boolean;
  /** e.g. "VLAN 100" for a stacked edge. */
  label?: string;
}

export interface Topology {
  /** The host first, then the learner's namespaces by name. */
  namespaces: TopologyNamespace[];
  interfaces: Record<string, TopologyInterface>;
  outside: OutsideEnd[];
  edges: TopologyEdge[];
}

const MASTER_KINDS = new Set(['bridge', 'bond', 'vrf', 'team']);

export const interfaceId = (namespace: string, name: string) => `${namespace}/${name}`;

function stateOf(link: Link): LinkState {
  if (!link.flags.includes('UP')) return 'down';
  return link.flags.includes('LOWER_UP') ? 'up' : 'no-carrier';
}

function kindOf(link: Link): string {
  if (link.linkinfo?.info_kind) return link.linkinfo.info_kind;
  if (link.link_type === 'loopback') return 'loopback';
  return link.link_type ?? 'ether';
}

/** IPv6 link-local addresses: every interface gets one when it comes up. */
const isAutomatic = (address: string) => /^fe80:/i.test(address);

/** A route as `ip route` prints it, without the kernel's noise (proto kernel, scope link, metric). */
export function routeText(route: Route): string {
  const parts = [route.type && route.type !== 'unicast' ? `${route.type} ${route.dst}` : route.dst];
  if (route.gateway) parts.push(`via ${route.gateway}`);
  if (route.dev) parts.push(`dev ${route.dev}`);
  if (route.table && route.table !== 'main') parts.push(`table ${route.table}`);
  if (route.prefsrc) parts.push(`src ${route.prefsrc}`);
  return parts.join(' ');
}

/** Routes worth showing: not the kernel's local, broadcast and multicast entries, nor IPv6 link-local. */
function shownRoutes(routes: Route[]): Route[] {
  return routes.filter(
    (r) => r.table !== 'local' && !['local', 'broadcast', 'multicast', 'anycast'].includes(r.type ?? 'unicast') && !/^fe80::/i.test(r.dst),
  );
}

function namespaceTitle(name: string): string {
  return name === '' ? 'host' : name;
}

interface VethEnd {
  namespace: string;
  link: Link;
}

/**
 * Pairs veth ends that sit in different namespaces. An end names its peer by ifindex and by
 * nsid, and both are private to a namespace (every new namespace numbers its interfaces from
 * 1 again), so a pair is two ends that name each other's ifindex and whose nsids agree with
 * every other pair: an nsid stands for one namespace, and one namespace has one nsid. The
 * host's nsids, when known (`hostNsids`, from `ip netns list`), are taken as given: a host end
 * whose nsid is no learner namespace leads outside.
 */
function pairAcrossNamespaces(ends: VethEnd[], hostNsids: Record<string, number> | undefined): Map<VethEnd, VethEnd> {
  const pairs = new Map<VethEnd, VethEnd>();
  // nsids[namespace][nsid] = the namespace that nsid stands for there.
  const nsids = new Map<string, Map<number, string>>();
  if (hostNsids) nsids.set('', new Map(Object.entries(hostNsids).map(([name, id]) => [id, name])));
  const crossing = ends.filter((e) => e.link.link_netnsid !== undefined && e.link.link_index !== undefined && !worldPeerOf(e.link.address));
  const candidates = new Map<VethEnd, VethEnd[]>();
  for (const end of crossing) {
    candidates.set(
      end,
      crossing.filter((o) => o.namespace !== end.namespace && o.link.ifindex === end.link.link_index && o.link.link_index === end.link.ifindex),
    );
  }
  const learn = (end: VethEnd, other: VethEnd) => {
    const map = nsids.get(end.namespace) ?? new Map<number, string>();
    map.set(end.link.link_netnsid!, other.namespace);
    nsids.set(end.namespace, map);
  };
  const consistent = (end: VethEnd, other: VethEnd) => {
    if (end.namespace === '' && hostNsids) {
      const id = hostNsids[other.namespace];
      if (id !== undefined) return id === end.link.link_netnsid;
      return !Object.values(hostNsids).includes(end.link.link_netnsid!);
    }
    const map = nsids.get(end.namespace);
    const known = map?.get(end.link.link_netnsid!);
    if (known !== undefined) return known === other.namespace;
    return ![...(map?.values() ?? [])].includes(other.namespace);
  };
  let settledOne = true;
  while (settledOne) {
    settledOne = false;
    for (const end of crossing) {
      if (pairs.has(end)) continue;
      const open = candidates.get(end)!.filter((o) => !pairs.has(o) && consistent(end, o) && consistent(o, end));
      candidates.set(end, open);
      if (open.length !== 1) continue;
      const other = open[0]!;
      // The other end must have no better claim: it too has this end as its only open candidate.
      const back = candidates.get(other)!.filter((o) => !pairs.has(o) && consistent(other, o) && consistent(o, other));
      if (back.length !== 1) continue;
      pairs.set(end, other).set(other, end);
      learn(end, other);
      learn(other, end);
      settledOne = true;
    }
  }
  // Ends still ambiguous (the same indexes and nsids everywhere): first match, for determinism.
  for (const end of crossing) {
    if (pairs.has(end)) continue;
    const other = candidates.get(end)!.find((o) => !pairs.has(o) && consistent(end, o) && consistent(o, end));
    if (other) pairs.set(end, other).set(other, end);
  }
  return pairs;
}

export interface TopologyOptions {
  /** The host's nsid for each learner namespace (`ip -j netns list`), which settles where host cables go. */
  hostNsids?: Record<string, number>;
}

/**
 * The state the topology needs: links with details, addresses and routes, for the host and every
 * learner namespace; not the learner's shell, which only grading needs.
 */
export const TOPOLOGY_REQUEST: StateRequest = { ip: ['link', 'addr', 'route'], details: true, terminal: false };

export function buildTopology(state: CollectedState, options: TopologyOptions = {}): Topology {
  const names = ['', ...Object.keys(state.namespaces).filter((n) => n !== '').sort()].filter((n) => state.namespaces[n]?.exists);
  const interfaces: Record<string, TopologyInterface> = {};
  const namespaces: TopologyNamespace[] = [];
  const edges: TopologyEdge[] = [];
  const outside = new Map<string, OutsideEnd>();
  const vethEnds: VethEnd[] = [];

  for (const name of names) {
    const ns: NamespaceState = state.namespaces[name]!;
    const links = [...ns.links].sort((a, b) => (a.link_type === 'loopback' ? -1 : b.link_type === 'loopback' ? 1 : a.ifindex - b.ifindex));
    const byName = new Map(links.map((l) => [l.ifname, l]));
    const routes = shownRoutes(ns.routes);
    for (const link of links) {
      const all = ns.addresses[link.ifname] ?? [];
      const kind = kindOf(link);
      const item: TopologyInterface = {
        id: interfaceId(name, link.ifname),
        namespace: name,
        name: link.ifname,
        ifindex: link.ifindex,
        kind,
        state: stateOf(link),
        mac: link.address,
        mtu: link.mtu,
        addresses: all.filter((a) => !isAutomatic(a)),
        automaticAddresses: all.filter(isAutomatic),
        routes: routes.filter((r) => r.dev === link.ifname).map(routeText),
      };
      if (link.master) item.master = interfaceId(name, link.master);
      // iproute2 names a peer or parent in the same namespace ("link"), and gives only its index elsewhere.
      const local = link.link_netnsid === undefined && link.link ? byName.get(link.link) : undefined;
      if (kind === 'veth') {
        if (local) item.peer = interfaceId(name, local.ifname);
        else vethEnds.push({ namespace: name, link });
      } else if (local && local.ifindex !== link.ifindex) {
        // A stacked device (VLAN, macvlan, ...) on its parent.
        item.parent = interfaceId(name, local.ifname);
      }
      const vlanId = link.linkinfo?.info_data?.id;
      if (kind === 'vlan' && typeof vlanId === 'number') item.vlanId = vlanId;
      interfaces[item.id] = item;
    }
    const defaultRoute = routes.find((r) => r.dst === 'default' && (r.table ?? 'main') === 'main');
    namespaces.push({
      name,
      title: namespaceTitle(name),
      interfaces: links.map((l) => interfaceId(name, l.ifname)),
      routes: routes.filter((r) => !r.dev).map(routeText),
      defaultRoute: defaultRoute ? routeText(defaultRoute) : undefined,
    });
  }

  // veth ends in different namespaces: matched by index; the unmatched lead outside.
  const crossPairs = pairAcrossNamespaces(vethEnds, options.hostNsids);
  for (const end of vethEnds) {
    const item = interfaces[interfaceId(end.namespace, end.link.ifname)]!;
    const other = crossPairs.get(end);
    if (other) item.peer = interfaceId(other.namespace, other.link.ifname);
    if (item.peer || end.link.link_index === undefined) continue;
    // The peer lives in a namespace that was not read.
    const world = worldPeerOf(item.mac);
    const outsideId = world ? `outside:${world.name}` : `outside:${namespaceTitle(end.namespace)}#${end.link.link_netnsid ?? '?'}`;
    if (!outside.has(outsideId)) {
      outside.set(
        outsideId,
        world
          ? { id: outsideId, title: world.name, summary: world.summary, address: world.address, world: true }
          : {
              id: outsideId,
              title: 'unlisted namespace',
              summary: `a namespace ip netns list does not show (nsid ${end.link.link_netnsid ?? '?'} as seen from ${namespaceTitle(end.namespace)})`,
              world: false,
            },
      );
    }
    item.peer = outsideId;
  }

  const isDown = (...ids: string[]) => ids.some((id) => interfaces[id] && interfaces[id]!.state !== 'up');
  for (const item of Object.values(interfaces)) {
    if (item.peer?.startsWith('outside:')) {
      edges.push({ kind: 'outside', from: item.id, to: item.peer, down: isDown(item.id) });
    } else if (item.peer && item.id < item.peer) {
      edges.push({ kind: 'cable', from: item.id, to: item.peer, down: isDown(item.id, item.peer) });
    }
    if (item.master && interfaces[item.master] && MASTER_KINDS.has(interfaces[item.master]!.kind)) {
      edges.push({ kind: 'member', from: item.id, to: item.master, down: isDown(item.id) });
    }
    if (item.parent) {
      edges.push({ kind: 'stacked', from: item.id, to: item.parent, down: isDown(item.id, item.parent), label: item.vlanId !== undefined ? `VLAN ${item.vlanId}` : item.kind });
    }
  }
  edges.sort((a, b) => a.kind.localeCompare(b.kind) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { namespaces, interfaces, outside: [...outside.values()].sort((a, b) => a.id.localeCompare(b.id)), edges };
}
