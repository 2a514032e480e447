/**
 * Following a veth from the namespace end to the host end, whatever the learner named them:
 * the namespace end carries the address, and its peer index names the host end.
 *
 * @example
 * hostEnd(state, 'c1', '172.17.0.2/16')?.master // 'docker0'
 */
import type { CollectedState } from '../../src/state/collect.ts';
import { findLink, type Link } from '../../src/state/parse-ip.ts';

/** The host end of the veth whose end in `namespace` has `address` (with its prefix length). */
export function hostEnd(state: CollectedState, namespace: string, address: string): Link | undefined {
  const ns = state.namespaces[namespace];
  const inside = Object.entries(ns?.addresses ?? {}).find(([, addrs]) => addrs.includes(address))?.[0];
  const link = inside ? findLink(ns, inside) : undefined;
  if (link?.link_index === undefined || link.link_netnsid === undefined) return undefined;
  // Both ends name each other's index: an index alone could be another namespace's link.
  return state.namespaces['']?.links.find((l) => l.ifindex === link.link_index && l.link_index === link.ifindex && l.link_netnsid !== undefined);
}
