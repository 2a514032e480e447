/**
 * Following a veth between two namespaces, whatever the learner named its ends: the end in
 * `ns` that holds `address`, and its peer in `peerNs`. Both ends name each other's index, so
 * an index alone (which another namespace may reuse) never matches the wrong link.
 *
 * @example
 * cableEnds(state, 'west', '2001:db8:a::2/64', 'rtr') // { here: 'eth0', there: 'to-west' }
 */
import type { CollectedState } from '../../src/state/collect.ts';

export interface CableEnds {
  /** The interface in `ns` holding the address, if any. */
  here?: string;
  /** Its veth peer in `peerNs`, if the interface is a veth whose other end is there. */
  there?: string;
}

export function cableEnds(state: CollectedState, ns: string, address: string, peerNs: string): CableEnds {
  const inside = state.namespaces[ns];
  const here = Object.entries(inside?.addresses ?? {}).find(([, list]) => list.includes(address))?.[0];
  const link = inside?.links.find((l) => l.ifname === here);
  if (!link || link.link_index === undefined || link.link_netnsid === undefined) return { here };
  const peer = state.namespaces[peerNs]?.links.find((l) => l.ifindex === link.link_index && l.link_index === link.ifindex && l.link_netnsid !== undefined);
  return { here, there: peer?.ifname };
}
